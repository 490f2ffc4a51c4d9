import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from './poll';

/**
 * Starts and stops FerretDB and nats-server processes owned by the tests, each on its own
 * free port and data directory, stopped by its own pid. The machine's shared services are
 * never touched.
 */

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const finish = (open: boolean): void => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(500, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
    socket.connect(port, host);
  });
}

async function waitForPort(port: number, child: ChildProcess, name: string, timeoutMs = 30_000): Promise<void> {
  const state = await eventually(
    async () => (child.exitCode !== null ? 'exited' : (await portOpen(port)) ? 'open' : 'closed'),
    (s) => s !== 'closed',
    { timeoutMs, intervalMs: 100, what: `${name} to open port ${port}` },
  );
  if (state === 'exited') throw new Error(`${name} exited with code ${child.exitCode}`);
}

export interface ServerProcess {
  port: number;
  url: string;
  dataDir: string;
  pid: () => number | undefined;
  /** Stops the process (SIGTERM, or SIGKILL when `hard`) and waits for it to exit. */
  stop: (hard?: boolean) => Promise<void>;
  /** Starts it again on the same port and data directory. */
  restart: () => Promise<void>;
  /** Stops it and deletes its data directory. */
  destroy: () => Promise<void>;
}

function managed(
  name: string,
  port: number,
  url: string,
  dataDir: string,
  launch: () => ChildProcess,
): Promise<ServerProcess> {
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = launch();
    await waitForPort(port, child, name);
  };
  const stop = async (hard = false): Promise<void> => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill(hard ? 'SIGKILL' : 'SIGTERM');
    await exited;
  };
  return start().then(() => ({
    port,
    url,
    dataDir,
    pid: () => child?.pid,
    stop,
    restart: start,
    destroy: async () => {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  }));
}

/** FerretDB on its SQLite backend, in a temporary directory. */
export function startFerretDb(port?: number): Promise<ServerProcess> {
  return launchFerretDb((dataDir) => ['--handler=sqlite', `--sqlite-url=file:${dataDir}/`], port);
}

/** FerretDB with the given backend arguments (the data directory also holds its state). */
export async function launchFerretDb(
  backendArgs: (dataDir: string) => string[],
  port?: number,
): Promise<ServerProcess> {
  const bin = process.env.FERRETDB_BIN ?? join(__dirname, '../../.stack/bin/ferretdb');
  if (!existsSync(bin)) throw new Error(`no FerretDB at ${bin}: run the tests with \`npm test\`, which builds it`);
  const chosen = port ?? (await freePort());
  const dataDir = mkdtempSync(join(tmpdir(), 'users-ferretdb-'));
  return managed('FerretDB', chosen, `mongodb://127.0.0.1:${chosen}`, dataDir, () =>
    spawn(
      bin,
      [
        ...backendArgs(dataDir),
        `--state-dir=${dataDir}`,
        `--listen-addr=127.0.0.1:${chosen}`,
        '--debug-addr=-',
        '--telemetry=disable',
        '--log-level=error',
      ],
      { stdio: 'ignore' },
    ),
  );
}

export async function startNats(options: { port?: number; extraArgs?: string[] } = {}): Promise<ServerProcess> {
  const bin = process.env.NATS_SERVER_BIN ?? 'nats-server';
  const chosen = options.port ?? (await freePort());
  const dataDir = mkdtempSync(join(tmpdir(), 'users-nats-'));
  return managed('nats-server', chosen, `nats://127.0.0.1:${chosen}`, dataDir, () =>
    spawn(bin, ['-a', '127.0.0.1', '-p', String(chosen), '-js', '-sd', dataDir, ...(options.extraArgs ?? [])], {
      stdio: 'ignore',
    }),
  );
}
