import { randomBytes } from 'node:crypto';
import * as bcrypt from 'bcrypt';
import jwt from 'jsonwebtoken';
import { CreateIndexesOptions, MongoClient } from 'mongodb';
import { UserViewSchema } from '../src/users-read/user-view.schema';
import { connect, NatsConnection, StorageType } from 'nats';
import { Comparison, interleaved, ratioGoal, reported, side } from './lib/compare';
import { load, RunResult } from './lib/load';
import { httpUp, Measured } from './lib/process';
import { freePort } from './lib/stack';
import { median, round, spread } from './lib/stats';
import { aSnapshot, aUserCreated, aUserUpdated } from '../test/fixtures/builders';
import { eventually } from '../test/support/poll';
import { SEED_PASSWORD } from './seed';

export interface Settings {
  pairs: number;
  /**
   * Requests per run of a list route: FerretDB sorts and counts every list in its own code
   * (about a second at 10,000 users), so a run is a count of answers, not a duration.
   */
  listRequests: number;
  readSeconds: number;
  writeSeconds: number;
  soakSeconds: number;
  bcryptCost: number;
  /** Waits for the database and the processes to go idle between runs. */
  settle?: () => Promise<void>;
}

export interface Target {
  process: Measured;
  url: string;
}

export const JWT_SECRET = randomBytes(48).toString('base64url');

export function tokenFor(userId: string): string {
  return jwt.sign({ roles: ['buyer'] }, JWT_SECRET, {
    algorithm: 'HS256',
    expiresIn: 3600,
    issuer: 'users-service',
    audience: 'users-service',
    subject: userId,
  });
}

/** Starts a Node.js script on a free port and waits until `readyPath` answers. */
export async function startTarget(script: string, env: Record<string, string>, readyPath: string): Promise<Target> {
  const port = await freePort();
  const process = Measured.start(script, { ...env, PORT: String(port), HOST: '127.0.0.1' });
  const url = `http://127.0.0.1:${port}`;
  await process.waitFor(() => httpUp(`${url}${readyPath}`), script);
  return { process, url };
}

function compare(
  scenario: string,
  backend: string,
  a: RunResult[],
  b: RunResult[],
  baselineLabel = 'bare',
): Comparison {
  const service = side('service', a);
  const baseline = side(baselineLabel, b);
  return {
    scenario,
    backend,
    service,
    baseline,
    goals: [
      ratioGoal('req/s ratio', service.rps.median / baseline.rps.median, 0.7),
      ratioGoal('p99 ratio', service.p99.median / Math.max(baseline.p99.median, 1), 2, false),
    ],
  };
}

/**
 * A read route on the service against the bare driver server, same path, same token. With
 * `deepPage`, the service also answers that path in the same rounds (A B C), and a second
 * comparison reports it against the service's own first page.
 */
export async function readScenario(
  name: string,
  backend: string,
  service: Target,
  bare: Target,
  path: (random: () => string) => string,
  ids: string[],
  settings: Settings,
  connections: number,
  durationS: number,
  amount?: number,
  deepPage?: string,
): Promise<Comparison[]> {
  const headers = { authorization: `Bearer ${tokenFor(ids[0]!)}` };
  const pick = () => ids[Math.floor(Math.random() * ids.length)]!;
  const run =
    (target: Target, pathOf = path) =>
    () =>
      load(target.process, {
        url: `${target.url}${pathOf(pick)}`,
        connections,
        durationS,
        ...(amount ? { amount } : {}),
        headers,
        setupRequest: (request) => ({ ...request, path: pathOf(pick) }),
      });
  if (!deepPage) {
    const [a, b] = await interleaved(settings.pairs, [run(service), run(bare)], settings.settle);
    return [compare(name, backend, a, b)];
  }
  const [a, b, c] = await interleaved(
    settings.pairs,
    [run(service), run(bare), run(service, () => deepPage)],
    settings.settle,
  );
  const deep = compare(`GET ${deepPage} vs the first page`, backend, c, a, 'first page');
  deep.goals = [reported('deep/first req/s', deep.service.rps.median / deep.baseline.rps.median)];
  return [compare(name, backend, a, b), deep];
}

/**
 * The service, the bare register and the bare register that also keeps an outbox, in turn.
 * The first comparison holds the goal; the second splits the gap into what the outbox's
 * writes cost on this database and what the rest of the service costs.
 */
export async function registerScenario(
  service: Target,
  bare: Target,
  settings: Settings,
  backend: string,
): Promise<[Comparison, Comparison]> {
  let n = 0;
  const body = () =>
    JSON.stringify({ email: `reg-${Date.now()}-${n++}@example.com`, password: 'register-password-1', name: 'Reg' });
  const run =
    (target: Target, path = '/api/v1/auth/register') =>
    () =>
      load(target.process, {
        url: `${target.url}${path}`,
        method: 'POST',
        connections: 4,
        durationS: settings.writeSeconds,
        body: body(),
        setupRequest: (request) => ({ ...request, body: body() }),
        expectStatus: 201,
      });
  const [a, b, c] = await interleaved(
    settings.pairs,
    [run(service), run(bare), run(bare, '/bare/register-with-outbox')],
    settings.settle,
  );
  const name = 'POST /api/v1/auth/register';
  const goal = compare(name, backend, a, b, 'bare register');
  goal.goals = [ratioGoal('req/s vs bare register', goal.service.rps.median / goal.baseline.rps.median, 0.8)];
  const split = compare(`${name} (outbox priced)`, backend, a, c, 'bare register + outbox writes');
  split.goals = [
    reported('req/s vs bare + outbox writes', split.service.rps.median / split.baseline.rps.median),
    reported('bare + outbox writes vs bare register', split.baseline.rps.median / goal.baseline.rps.median),
  ];
  return [goal, split];
}

/** Hashes per second with two hashes in flight: what bcrypt itself allows on this machine. */
export async function rawHashRate(settings: Settings): Promise<number[]> {
  const rates: number[] = [];
  for (let i = 0; i < settings.pairs; i++) {
    let hashes = 0;
    const deadline = Date.now() + settings.writeSeconds * 1000;
    const started = Date.now();
    await Promise.all(
      [0, 1].map(async () => {
        while (Date.now() < deadline) {
          await bcrypt.hash('register-password-1', settings.bcryptCost);
          hashes++;
        }
      }),
    );
    rates.push(hashes / ((Date.now() - started) / 1000));
  }
  return rates;
}

export async function loginScenario(
  service: Target,
  bare: Target,
  settings: Settings,
  backend: string,
): Promise<Comparison> {
  const body = JSON.stringify({ email: 'bench-7@example.com', password: SEED_PASSWORD });
  const run = (target: Target) => () =>
    load(target.process, {
      url: `${target.url}/api/v1/auth/login`,
      method: 'POST',
      connections: 4,
      durationS: settings.writeSeconds,
      body,
    });
  const [a, b] = await interleaved(settings.pairs, [run(service), run(bare)], settings.settle);
  const comparison = compare('POST /api/v1/auth/login', backend, a, b);
  comparison.goals = [ratioGoal('req/s ratio', comparison.service.rps.median / comparison.baseline.rps.median, 0.8)];
  return comparison;
}

// ---------------------------------------------------------------------------------------
// Projection: events published straight onto a stream; lag = applied - occurredAt, read
// from each side's own per-event line (the service's "Read model updated successfully").
// New users first (the service inserts them without reading), then an update of each of
// them (the service reads the view and writes it with compare-and-set).

interface Projector {
  process: Measured;
  stream: string;
  /** Events go to `<prefix>.created` and `<prefix>.updated`. */
  subjectPrefix: string;
  appliedLine: string;
}

interface Published {
  eventId: string;
  userId: string;
  subject: string;
  body: Uint8Array;
}

/** A new user's UserCreated, or an update of `update.userId`, happening at `occurredAt`. */
function userEvent(
  subjectPrefix: string,
  occurredAt: Date,
  update?: { userId: string },
): Published & { occurredAt: Date } {
  const at = occurredAt.toISOString();
  const user = aSnapshot({ ...(update ? { id: update.userId, name: 'Renamed' } : {}), createdAt: at, updatedAt: at });
  const event = update ? aUserUpdated(user, 2, { name: 'Renamed' }) : aUserCreated(user, { occurredAt: at });
  return {
    eventId: event.eventId,
    userId: user.id,
    occurredAt,
    subject: `${subjectPrefix}.${update ? 'updated' : 'created'}`,
    body: new TextEncoder().encode(JSON.stringify(event)),
  };
}

function appliedTimes(projector: Projector, eventIds: Set<string>): Map<string, number> {
  const times = new Map<string, number>();
  for (const line of projector.process.lines) {
    if (!line.includes(projector.appliedLine)) continue;
    const parsed = JSON.parse(line) as { event_id?: string; time?: string };
    if (parsed.event_id && eventIds.has(parsed.event_id)) times.set(parsed.event_id, Date.parse(parsed.time ?? ''));
  }
  return times;
}

function waitApplied(projector: Projector, ids: Set<string>, timeoutMs = 120_000): Promise<Map<string, number>> {
  return eventually(
    () => appliedTimes(projector, ids),
    (times) => times.size === ids.size,
    { timeoutMs, what: `${projector.stream}: all ${ids.size} events applied` },
  );
}

/** Publishes `count` new users as fast as JetStream takes them; events per second until the last is applied. */
async function maxThroughput(nats: NatsConnection, projector: Projector, count: number): Promise<number> {
  const js = nats.jetstream();
  const started = Date.now();
  const ids = new Set<string>();
  for (let i = 0; i < count; i += 200) {
    const chunk = Array.from({ length: Math.min(200, count - i) }, () =>
      userEvent(projector.subjectPrefix, new Date()),
    );
    chunk.forEach((event) => ids.add(event.eventId));
    await Promise.all(chunk.map((event) => js.publish(event.subject, event.body)));
  }
  const times = await waitApplied(projector, ids);
  return count / ((Math.max(...times.values()) - started) / 1000);
}

/**
 * Publishes at `rate` events per second for `seconds`: new users, or an update of each of
 * `updating` (taken from the front). The lag of every event, in ms, and the users it created.
 */
async function lagAtRate(
  nats: NatsConnection,
  projector: Projector,
  rate: number,
  seconds: number,
  updating?: string[],
): Promise<{ lags: number[]; userIds: string[] }> {
  const js = nats.jetstream();
  const sent: Array<Published & { occurredAt: Date }> = [];
  const started = Date.now();
  const total = Math.round(rate * seconds);
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const userId = updating?.shift();
    if (updating && !userId) throw new Error(`${projector.stream}: no user left to update`);
    const event = userEvent(projector.subjectPrefix, new Date(), userId ? { userId } : undefined);
    sent.push(event);
    void js.publish(event.subject, event.body);
  }
  const times = await waitApplied(projector, new Set(sent.map(({ eventId }) => eventId)));
  return {
    lags: sent.map(({ eventId, occurredAt }) => times.get(eventId)! - occurredAt.getTime()),
    userIds: sent.map(({ userId }) => userId),
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function lagRuns(rates: number[], runs: number[][]): RunResult[] {
  return runs.map((lag, i) => ({
    rps: rates[i]!,
    p50: percentile(lag, 50),
    p99: percentile(lag, 99),
    requests: lag.length,
    errors: 0,
    unexpected: 0,
    cpuPer1000: 0,
    peakRssMb: 0,
  }));
}

export async function projectionScenario(
  natsUrl: string,
  service: Projector,
  bare: Projector,
  settings: Settings,
  backend: string,
): Promise<{ comparisons: Comparison[]; rate: number }> {
  const nats = await connect({ servers: natsUrl });
  try {
    const count = 300;
    await maxThroughput(nats, service, 200);
    await maxThroughput(nats, bare, 200);
    const throughput = { service: [] as number[], bare: [] as number[] };
    for (let i = 0; i < settings.pairs; i++) {
      throughput.service.push(await maxThroughput(nats, service, count));
      throughput.bare.push(await maxThroughput(nats, bare, count));
    }
    const rate = Math.max(1, Math.round(median(throughput.bare) / 2));
    const created = { service: [] as number[][], bare: [] as number[][] };
    const users = { service: [] as string[], bare: [] as string[] };
    for (let i = 0; i < settings.pairs; i++) {
      for (const name of ['service', 'bare'] as const) {
        const run = await lagAtRate(nats, name === 'service' ? service : bare, rate, settings.writeSeconds);
        created[name].push(run.lags);
        users[name].push(...run.userIds);
      }
    }
    const updated = { service: [] as number[][], bare: [] as number[][] };
    for (let i = 0; i < settings.pairs; i++) {
      updated.service.push((await lagAtRate(nats, service, rate, settings.writeSeconds, users.service)).lags);
      updated.bare.push((await lagAtRate(nats, bare, rate, settings.writeSeconds, users.bare)).lags);
    }
    const rates = Array.from({ length: settings.pairs }, () => rate);
    const lagGoal = (serviceSide: ReturnType<typeof side>, bareSide: ReturnType<typeof side>) =>
      ratioGoal('p99 lag - bare p99 (ms)', serviceSide.p99.median - bareSide.p99.median, 10, false);
    const createdService = side('service', lagRuns(throughput.service, created.service));
    const createdBare = side('bare projector', lagRuns(throughput.bare, created.bare));
    const updatedService = side('service', lagRuns(rates, updated.service));
    const updatedBare = side('bare projector', lagRuns(rates, updated.bare));
    return {
      rate,
      comparisons: [
        {
          scenario: `projection of new users: events/s (max) and lag ms at ${rate} events/s`,
          backend,
          service: createdService,
          baseline: createdBare,
          goals: [
            ratioGoal('max events/s ratio', createdService.rps.median / createdBare.rps.median, 0.7),
            lagGoal(createdService, createdBare),
          ],
        },
        {
          scenario: `projection of updates: lag ms at ${rate} events/s`,
          backend,
          service: updatedService,
          baseline: updatedBare,
          goals: [lagGoal(updatedService, updatedBare)],
        },
      ],
    };
  } finally {
    await nats.close();
  }
}

export async function createStream(natsUrl: string, name: string, subjects: string): Promise<void> {
  const nats = await connect({ servers: natsUrl });
  try {
    const jsm = await nats.jetstreamManager();
    await jsm.streams.add({ name, subjects: [subjects], storage: StorageType.File });
  } finally {
    await nats.close();
  }
}

export function projector(process: Measured, stream: string, subjectPrefix: string, appliedLine: string): Projector {
  return { process, stream, subjectPrefix, appliedLine };
}

// ---------------------------------------------------------------------------------------
// Rebuild: the rebuild command against a raw bulkWrite of the same documents, same batch size.

/** The rebuilder's write batch (src/users-read/rebuild/read-model-rebuilder.ts). */
const REBUILD_BATCH = 1000;

export async function rebuildScenario(
  natsUrl: string,
  env: Record<string, string>,
  settings: Settings,
  backend: string,
): Promise<Comparison> {
  const events = 10_000;
  await createStream(natsUrl, env.NATS_STREAM!, `${env.EVENTS_SUBJECT_PREFIX!}.>`);
  const nats = await connect({ servers: natsUrl });
  const docs: Array<Record<string, unknown>> = [];
  try {
    const js = nats.jetstream();
    for (let i = 0; i < events; i += 500) {
      const chunk = Array.from({ length: 500 }, () => userEvent(env.EVENTS_SUBJECT_PREFIX!, new Date()));
      await Promise.all(chunk.map((event) => js.publish(event.subject, event.body)));
      for (const { body } of chunk) {
        const event = JSON.parse(new TextDecoder().decode(body)) as {
          version: number;
          user: Record<string, unknown> & { id: string; roles: string[] };
        };
        const { id, createdAt, updatedAt, ...user } = event.user;
        docs.push({
          _id: id,
          ...user,
          createdAt: new Date(String(createdAt)),
          updatedAt: new Date(String(updatedAt)),
          version: event.version,
          roleCount: user.roles.length,
          isBuyer: true,
          isSeller: false,
          deleted: false,
        });
      }
    }
  } finally {
    await nats.close();
  }
  const rebuild = async (): Promise<RunResult> => {
    const tool = Measured.start('dist/cli/rebuild.js', env);
    await new Promise((resolve) => tool.child.once('exit', resolve));
    const line = tool.lines.find((l) => l.startsWith('rebuilt '));
    const match = line ? /\((\d+)\/s\)/.exec(line) : null;
    if (!match) throw new Error(`rebuild failed:\n${tool.lines.join('\n')}`);
    return {
      rps: Number(match[1]),
      p50: 0,
      p99: 0,
      requests: events,
      errors: 0,
      unexpected: 0,
      cpuPer1000: 0,
      peakRssMb: 0,
    };
  };
  const client = await new MongoClient(env.MONGODB_URI!).connect();
  const raw = async (): Promise<RunResult> => {
    const collection = client.db().collection(`raw_bulk_${Date.now()}`);
    const started = Date.now();
    // The same collection the rebuild writes: users_read's indexes, created first.
    for (const [fields, options] of UserViewSchema.indexes())
      await collection.createIndex(fields as Record<string, 1 | -1>, options as CreateIndexesOptions);
    for (let i = 0; i < docs.length; i += REBUILD_BATCH)
      await collection.bulkWrite(
        docs.slice(i, i + REBUILD_BATCH).map((d) => ({ insertOne: { document: { ...d } } })),
        { ordered: false },
      );
    const seconds = (Date.now() - started) / 1000;
    await collection.drop();
    return {
      rps: round(docs.length / seconds),
      p50: 0,
      p99: 0,
      requests: docs.length,
      errors: 0,
      unexpected: 0,
      cpuPer1000: 0,
      peakRssMb: 0,
    };
  };
  try {
    const [a, b] = await interleaved(settings.pairs, [rebuild, raw], settings.settle);
    const service = side('npm run rebuild', a);
    const baseline = side('raw bulkWrite', b);
    return {
      scenario: 'rebuild users_read: documents/s (10,000 events)',
      backend,
      service,
      baseline,
      goals: [ratioGoal('docs/s ratio', service.rps.median / baseline.rps.median, 0.7)],
    };
  } finally {
    await client.close();
  }
}

/** A steady load for `seconds`: the service's resident memory at the start and at the end. */
export async function soak(
  service: Target,
  ids: string[],
  settings: Settings,
): Promise<{ startMb: number; endMb: number; peakMb: number; rps: number }> {
  const headers = { authorization: `Bearer ${tokenFor(ids[0]!)}` };
  const pick = () => ids[Math.floor(Math.random() * ids.length)]!;
  const startMb = service.process.rssMb();
  const result = await load(service.process, {
    url: `${service.url}/api/v1/users/${pick()}`,
    connections: 4,
    durationS: settings.soakSeconds,
    overallRate: 100,
    headers,
    setupRequest: (request) => ({ ...request, path: `/api/v1/users/${pick()}` }),
  });
  return {
    startMb: round(startMb),
    endMb: round(service.process.rssMb()),
    peakMb: round(result.peakRssMb),
    rps: round(result.rps),
  };
}

export { spread };
