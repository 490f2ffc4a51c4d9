import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { portOpen, startFerretDb, startNats } from './servers';

const ROOT = join(__dirname, '../..');

function newestSource(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(dir, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }, 0);
}

/** Tests that run the service as a process need dist/ to match src/. */
function buildIfStale(): void {
  const main = join(ROOT, 'dist/main.js');
  if (existsSync(main) && statSync(main).mtimeMs >= newestSource(join(ROOT, 'src'))) return;
  execFileSync('npx', ['nest', 'build'], { cwd: ROOT, stdio: 'inherit' });
}

/**
 * Provides one FerretDB and one NATS for the integration and end-to-end tests:
 * TEST_MONGODB_URI / TEST_NATS_URL when given, else a FerretDB started for this run,
 * and the machine's NATS on 127.0.0.1:4222 when it answers, else a nats-server started
 * for this run. Each test app then isolates itself with its own database and stream.
 */
export default async function globalSetup(): Promise<void> {
  buildIfStale();
  const started: Array<{ destroy: () => Promise<void> }> = [];
  if (!process.env.TEST_MONGODB_URI) {
    const ferret = await startFerretDb();
    started.push(ferret);
    process.env.TEST_MONGODB_URI = ferret.url;
  }
  if (!process.env.TEST_NATS_URL) {
    if (await portOpen(4222)) {
      process.env.TEST_NATS_URL = 'nats://127.0.0.1:4222';
    } else {
      const nats = await startNats();
      started.push(nats);
      process.env.TEST_NATS_URL = nats.url;
    }
  }
  (globalThis as { __testServers?: typeof started }).__testServers = started;
}
