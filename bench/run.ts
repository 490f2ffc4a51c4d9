/**
 * npm run bench: the service against bare baselines, in the same run, interleaved
 * (A B A B ...) after a warm-up, medians and spreads of every metric; one table on stdout
 * and the same figures in bench/results/<date>.json. `-- --quick` for a short smoke run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import * as bcrypt from 'bcrypt';
import { Comparison, ratioGoal } from './lib/compare';
import { Measured, quiesce, ROOT } from './lib/process';
import { postgresAvailable, startFerretDbOnPostgres, startFerretDbOnSqlite, startNats } from './lib/stack';
import { round, spread } from './lib/stats';
import {
  createStream,
  JWT_SECRET,
  loginScenario,
  projectionScenario,
  projector,
  rawHashRate,
  readScenario,
  rebuildScenario,
  registerScenario,
  Settings,
  soak,
  startTarget,
  Target,
} from './scenarios';
import { SEED_PASSWORD, seedUsers } from './seed';

const quick = process.argv.includes('--quick');
const onlyAt = process.argv.indexOf('--only');
/** `--only reads,projection`: run just those groups (reads, deep, register, login, projection, rebuild, soak, postgresql). */
const only = onlyAt > 0 ? (process.argv[onlyAt + 1] ?? '').split(',') : undefined;
const wanted = (group: string) => !only || only.includes(group);
const t0 = Date.now();
const settings: Settings = quick
  ? { pairs: 2, listRequests: 2, readSeconds: 2, writeSeconds: 2, soakSeconds: 5, bcryptCost: 8 }
  : { pairs: 5, listRequests: 2, readSeconds: 2, writeSeconds: 2, soakSeconds: 60, bcryptCost: 10 };

const CAVEAT =
  'autocannon runs on the same 2 cores as the service, its baseline and the database: every figure includes that ' +
  'competition. Compare ratios within a run, not absolute numbers across machines.';

function log(line: string): void {
  process.stdout.write(
    `${line.startsWith('[') ? `${String(Math.round((Date.now() - t0) / 1000)).padStart(4)} s ` : ''}${line}\n`,
  );
}

function serviceEnv(base: Record<string, string>): Record<string, string> {
  return {
    ...base,
    JWT_SECRET,
    BCRYPT_COST: String(settings.bcryptCost),
    LOG_LEVEL: 'info',
    RATE_LIMIT_LOGIN_PER_MINUTE: '10000000',
    RATE_LIMIT_REGISTER_PER_MINUTE: '10000000',
    STARTUP_TIMEOUT_MS: '30000',
  };
}

async function stopAll(targets: Array<Target | undefined>): Promise<void> {
  await Promise.all(targets.filter((t): t is Target => t !== undefined).map((t) => t.process.stop()));
}

function table(comparisons: Comparison[]): string {
  const rows = [
    ['scenario', 'backend', 'side', 'req/s', 'p50 ms', 'p99 ms', 'CPU s/1k', 'peak RSS MB', 'goal', 'value', 'met'],
  ];
  const fmt = (s: { median: number; min: number; max: number }) => `${s.median} (${s.min}–${s.max})`;
  for (const c of comparisons) {
    for (const [i, sideOf] of [c.service, c.baseline].entries()) {
      const goal = c.goals.map((g) => g.goal).join('; ');
      const value = c.goals.map((g) => g.value).join('; ');
      const met = c.goals.map((g) => (g.met === null ? '—' : g.met ? 'yes' : 'NO')).join('; ');
      rows.push([
        i === 0 ? c.scenario : '',
        i === 0 ? c.backend : '',
        sideOf.label,
        fmt(sideOf.rps),
        fmt(sideOf.p50),
        fmt(sideOf.p99),
        fmt(sideOf.cpuPer1000),
        fmt(sideOf.peakRssMb),
        i === 0 ? goal : '',
        i === 0 ? value : '',
        i === 0 ? met : '',
      ]);
    }
  }
  return rows.map((row) => `| ${row.join(' | ')} |`).join('\n');
}

async function main(): Promise<void> {
  const started = Date.now();
  const comparisons: Comparison[] = [];
  const notes: string[] = [CAVEAT];
  const extra: Record<string, unknown> = {};
  log(`benchmark (${quick ? 'quick' : 'full'}): ${settings.pairs} pairs after a warm-up; ${CAVEAT}`);

  const nats = await startNats();
  const seedHash = await bcrypt.hash(SEED_PASSWORD, settings.bcryptCost);
  const backends = [{ name: 'sqlite', start: startFerretDbOnSqlite }];
  if (!wanted('postgresql')) notes.push('PostgreSQL backend skipped (--only).');
  else if (postgresAvailable()) backends.push({ name: 'postgresql', start: startFerretDbOnPostgres });
  else notes.push('PostgreSQL was not reachable: every scenario ran on the SQLite backend.');
  // The write-side scenarios run once, on the backend closest to MongoDB: on SQLite, FerretDB
  // answers every update by scanning the collection, so there they measure FerretDB alone.
  const writeBackend = backends[backends.length - 1]!.name;
  if (writeBackend !== 'sqlite')
    notes.push(
      `Write-side scenarios (register, login, projection, rebuild, soak) ran on FerretDB's ${writeBackend} backend: ` +
        'on SQLite, FerretDB 1.24 serves updates by scanning the collection (about 85 ms per update at 10,000 documents), ' +
        'so there both sides would measure that scan rather than the service.',
    );

  try {
    for (const backend of backends) {
      const ferret = await backend.start();
      let service: Target | undefined;
      let bare: Target | undefined;
      try {
        const env = serviceEnv({
          MONGODB_URI: `${ferret.url}/bench`,
          NATS_URL: nats.url,
          NATS_STREAM: `BENCH_${backend.name.toUpperCase()}`,
          EVENTS_SUBJECT_PREFIX: `bench_${backend.name}.users`,
        });
        log(`[${backend.name}] seeding 10,000 users into users and users_read`);
        const ids = await seedUsers(env.MONGODB_URI!, 10_000, seedHash);
        service = await startTarget('dist/main.js', env, '/health/live');
        bare = await startTarget('dist-bench/bench/bare/read-server.js', env, '/');
        // [name, path, connections, seconds, requests]: lists run for a count of answers.
        const reads: Array<[string, (pick: () => string) => string, number, number, number | undefined]> = [
          ['GET /api/v1/users?limit=20&offset=0', () => '/api/v1/users?limit=20&offset=0', 2, 0, settings.listRequests],
          ['GET /api/v1/users/:id', (pick) => `/api/v1/users/${pick()}`, 8, settings.readSeconds, undefined],
          [
            'GET /api/v1/users/by-role/seller',
            () => '/api/v1/users/by-role/seller?limit=20&offset=0',
            2,
            0,
            settings.listRequests,
          ],
        ];
        const pids = () => [ferret.pid() ?? 0, service!.process.pid, ...(bare ? [bare.process.pid] : [])];
        const context: Settings = { ...settings, settle: () => quiesce(pids()) };
        // The deep page rides along with the first list on SQLite, as a third side of the same rounds.
        const deepPage = wanted('deep') && backend.name === 'sqlite' ? '/api/v1/users?limit=20&offset=9000' : undefined;
        for (const [i, [name, path, connections, seconds, amount]] of reads.entries()) {
          const deep = i === 0 ? deepPage : undefined;
          if (!wanted('reads') && !deep) continue;
          log(`[${backend.name}] ${name}${deep ? ` (and ${deep})` : ''}`);
          comparisons.push(
            ...(await readScenario(
              name,
              backend.name,
              service,
              bare,
              path,
              ids,
              context,
              connections,
              seconds,
              amount,
              deep,
            )),
          );
        }
        await stopAll([bare]);
        bare = undefined;

        if (backend.name === writeBackend) {
          const at = `[${backend.name}]`;
          // Register and login against the API role alone, as the bare server has no consumers
          // either; the projection below gets the full process back.
          await stopAll([service]);
          service = await startTarget('dist/main.js', { ...env, APP_ROLE: 'api' }, '/health/live');
          bare = await startTarget('dist-bench/bench/bare/write-server.js', env, '/');
          if (wanted('register')) {
            log(`${at} POST /api/v1/auth/register`);
            const [register, split] = await registerScenario(service, bare, context, backend.name);
            const hashRates = await rawHashRate(settings);
            extra.rawHashRate = spread(hashRates.map((r) => round(r)));
            register.goals.push(
              ratioGoal(
                'bare register vs raw hash rate',
                register.baseline.rps.median / spread(hashRates).median,
                0.85,
              ),
            );
            comparisons.push(register, split);
          }
          if (wanted('login')) {
            log(`${at} POST /api/v1/auth/login`);
            comparisons.push(await loginScenario(service, bare, context, backend.name));
          }
          await stopAll([bare, service]);
          bare = undefined;
          service = await startTarget('dist/main.js', env, '/health/live');

          if (wanted('projection')) {
            log(`${at} projection`);
            const bareStream = 'BENCH_BARE_PROJECTOR';
            await createStream(nats.url, bareStream, 'bench_bare.>');
            const projectorProcess = Measured.start('dist-bench/bench/bare/projector.js', {
              ...env,
              NATS_STREAM: bareStream,
            });
            await projectorProcess.waitFor(() => projectorProcess.lines.includes('listening'), 'bare projector');
            const { comparisons: projections, rate } = await projectionScenario(
              nats.url,
              projector(
                service.process,
                env.NATS_STREAM!,
                env.EVENTS_SUBJECT_PREFIX!,
                'Read model updated successfully',
              ),
              projector(projectorProcess, bareStream, 'bench_bare', '"msg":"applied"'),
              settings,
              backend.name,
            );
            extra.projectionRate = rate;
            comparisons.push(...projections);
            await projectorProcess.stop();
          }

          if (wanted('rebuild')) {
            log(`${at} rebuild`);
            comparisons.push(
              await rebuildScenario(
                nats.url,
                {
                  ...env,
                  MONGODB_URI: `${ferret.url}/bench_rebuild`,
                  NATS_STREAM: 'BENCH_REBUILD',
                  EVENTS_SUBJECT_PREFIX: 'bench_rebuild.users',
                },
                context,
                backend.name,
              ),
            );
          }
          if (wanted('soak')) {
            log(`${at} soak: ${settings.soakSeconds} s at 100 req/s on GET /api/v1/users/:id`);
            extra.soak = await soak(service, ids, settings);
          }
        }
      } finally {
        await stopAll([service, bare]);
        await ferret.destroy();
      }
    }
  } finally {
    await nats.destroy();
  }

  const date = new Date().toISOString();
  const result = {
    date,
    seconds: round((Date.now() - started) / 1000),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      memoryGb: round(totalmem() / 2 ** 30),
      node: process.version,
    },
    settings,
    notes,
    comparisons,
    ...extra,
  };
  log('');
  log(table(comparisons));
  log('');
  if (extra.rawHashRate)
    log(`raw bcrypt (cost ${settings.bcryptCost}, 2 at a time): ${JSON.stringify(extra.rawHashRate)} hashes/s`);
  if (extra.soak) log(`soak: ${JSON.stringify(extra.soak)}`);
  for (const note of notes) log(`note: ${note}`);
  const dir = join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  // Only a full run writes the day's results; a quick or partial one goes beside it (not committed).
  const file = join(dir, `${date.slice(0, 10)}${quick ? '-quick' : ''}${only ? '-partial' : ''}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  log(`written to ${file} in ${result.seconds} s`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
