import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { capture } from './capture';

export const MAIN = join(__dirname, '../../dist/main.js');

/** The built service as a separate process, as production runs it (see global-setup: it builds dist/). */
export class AppProcess {
  readonly output: string[] = [];
  private readonly exited: Promise<number | null>;

  private constructor(readonly child: ChildProcess) {
    // Chunks end anywhere, also in the middle of a line: keep each stream's unfinished line.
    const collect = (stream: NodeJS.ReadableStream | null) => {
      let rest = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        this.output.push(...lines.filter(Boolean));
      });
      stream?.on('end', () => {
        if (rest) this.output.push(rest);
        rest = '';
      });
    };
    collect(child.stdout);
    collect(child.stderr);
    this.exited = new Promise((resolve) =>
      child.once('close', (code) => {
        capture(this.output.map((line) => ({ kind: 'log', line })));
        resolve(code);
      }),
    );
  }

  /** Starts `node dist/main.js` with exactly `env` (plus PATH), from a directory without a .env. */
  static start(env: Record<string, string>): AppProcess {
    return AppProcess.run(MAIN, [], env);
  }

  /** A command-line tool from dist/cli (rebuild, dead-letters, trace), the same way. */
  static tool(name: string, args: string[], env: Record<string, string>): AppProcess {
    return AppProcess.run(join(__dirname, `../../dist/cli/${name}.js`), args, env);
  }

  private static run(script: string, args: string[], env: Record<string, string>): AppProcess {
    const child = spawn(process.execPath, [script, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      cwd: join(__dirname, '../fixtures'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new AppProcess(child);
  }

  /** Resolves with the exit code, or rejects if the process is still running after `timeoutMs`. */
  async exitCode(timeoutMs = 30_000): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`still running after ${timeoutMs} ms:\n${this.output.join('\n')}`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends `signal` (default SIGKILL) and waits for the process to be gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    await this.exitCode();
  }
}
