import { randomUUID } from 'node:crypto';
import { seededRandom } from '../support/random';
import { TestApp } from '../support/test-app';

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const STRINGS = [
  '',
  ' ',
  'a',
  'password123',
  'x'.repeat(73),
  'ü'.repeat(40),
  '😀'.repeat(19),
  '\u0000',
  '\u202e\u0000\uffff',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '{"$ne":null}',
  '../../etc/passwd',
  'admin',
  'buyer',
  'seller',
  'fuzz@example.com',
  'FUZZ@Example.com ',
];

function randomValue(random: Random, depth = 0): unknown {
  const kind = Math.floor(random() * (depth > 2 ? 6 : 9));
  switch (kind) {
    case 0:
      return pick(random, STRINGS);
    case 1:
      return 'y'.repeat(Math.floor(random() * (random() < 0.1 ? 20_000 : 200)));
    case 2:
      return pick(random, [0, -1, 1.5, 1e21, Number.MAX_SAFE_INTEGER, 42]);
    case 3:
      return pick(random, [true, false, null]);
    case 4:
      return `${randomUUID().slice(0, 8)}@fuzz.example.com`;
    case 5:
      return pick(random, [['buyer'], ['seller', 'buyer'], ['admin'], [], ['x'], [1], ['buyer', 'buyer']]);
    case 6:
      return { $ne: null };
    case 7:
      return Array.from({ length: Math.floor(random() * 3) }, () => randomValue(random, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(random() * 3) }, () => [
          pick(random, ['a', '$gt', '__proto__', 'email']),
          randomValue(random, depth + 1),
        ]),
      );
  }
}

function randomBody(random: Random): string | undefined {
  const roll = random();
  if (roll < 0.05) return undefined;
  if (roll < 0.1) return pick(random, ['not json', '{', '[]', '"text"', '42', 'null', '{"a":}']);
  if (roll < 0.15) return JSON.stringify(randomValue(random));
  const fields = ['email', 'password', 'name', 'roles', 'id', 'isAdmin', 'version', 'extra'];
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    if (random() < (['email', 'password', 'name', 'roles'].includes(field) ? 0.7 : 0.08)) {
      body[field] = random() < 0.45 ? plausible(field, random) : randomValue(random);
    }
  }
  return JSON.stringify(body);
}

function plausible(field: string, random: Random): unknown {
  if (field === 'email') return `${randomUUID().slice(0, 10)}@fuzz.example.com`;
  if (field === 'password') return pick(random, ['password123', 'correct horse', 'p'.repeat(72)]);
  if (field === 'name') return pick(random, ['Fuzzy', 'Ünïcödé', 'N'.repeat(100)]);
  return pick(random, [['buyer'], ['seller'], ['buyer', 'seller']]);
}

/**
 * A generated run of 6,000 requests over every route: random methods, bodies of random
 * types with missing and extra fields, huge and empty strings, unicode, operators, broken
 * JSON, random query strings and ids, random tokens. It must end with no 5xx, the process
 * alive, and no document written by any request that got a 4xx.
 */
describe('fuzzing every route', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({ ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'root-password-1', LOG_LEVEL: 'warn' });
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers 6,000 generated requests without a 5xx and writes nothing on a 4xx', async () => {
    const random = seededRandom(Number(process.env.FUZZ_SEED ?? 7));
    const url = await t.app.getUrl();
    const actors = await Promise.all(Array.from({ length: 6 }, () => t.authAsNewUser()));
    const admin = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'root@example.com', password: 'root-password-1' });
    const tokens = [
      ...actors.map((a) => a.Authorization),
      `Bearer ${admin.body.accessToken as string}`,
      'Bearer garbage',
      undefined,
    ];
    const ids = [...actors.map((a) => a.id), randomUUID(), 'not-a-uuid', '%00', '..%2F..', 'ü', '1'];
    const stateOf = async () =>
      new Map(
        (
          await t.db
            .collection('users')
            .find({}, { projection: { outbox: 0, outboxIds: 0 } })
            .toArray()
        ).map((u) => [String(u._id), JSON.stringify(u)]),
      );
    const before = await stateOf();

    const paths = () => [
      '/api/v1/auth/register',
      '/api/v1/auth/login',
      `/api/v1/users/${pick(random, ids)}`,
      `/api/v1/users?${pick(random, ['', 'limit=5', 'limit=0', 'offset=-3', 'limit=abc', 'limit[$gt]=0', 'x=1', 'limit=1e3'])}`,
      `/api/v1/users/by-role/${pick(random, ['buyer', 'seller', 'admin', 'root', '%24ne', ''])}?limit=${pick(random, ['2', '200', '-1'])}`,
      '/health/live',
      '/health/ready',
      '/metrics',
      '/docs-json',
      '/nowhere',
    ];
    const results: Array<{ method: string; path: string; status: number; body: string }> = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < 6000) {
          next++;
          const path = pick(random, paths());
          const method = pick(random, [
            'GET',
            'POST',
            'PUT',
            'DELETE',
            'PATCH',
            'OPTIONS',
            'HEAD',
            'POST',
            'PUT',
            'GET',
          ]);
          const token = pick(random, tokens);
          const body = ['GET', 'HEAD'].includes(method) ? undefined : randomBody(random);
          const headers: Record<string, string> = {};
          if (token) headers.Authorization = token;
          if (body !== undefined)
            headers['Content-Type'] = pick(random, [
              'application/json',
              'application/json',
              'application/json',
              'text/plain',
              'application/json; charset=latin1',
            ]);
          if (random() < 0.05) headers['If-Match'] = pick(random, ['"1"', '*', 'W/"2"', 'garbage']);
          if (random() < 0.05) headers['X-Min-Version'] = pick(random, ['1', '0', 'x', `${randomUUID()}:2`]);
          const response = await fetch(`${url}${path}`, { method, headers, body }).catch(() => undefined);
          results.push({ method, path, status: response?.status ?? 0, body: response ? await response.text() : '' });
        }
      }),
    );

    expect(results.length).toBeGreaterThanOrEqual(6000);
    const serverErrors = results.filter((r) => r.status >= 500 || r.status === 0);
    expect(serverErrors.slice(0, 5)).toEqual([]);
    await t.http().get('/health/live').expect(200);
    expect(results.filter((r) => r.status < 300).length).toBeGreaterThan(100);
    expect(new Set(results.map((r) => r.status)).size).toBeGreaterThan(6);

    // Every new or changed user document is explained by a 2xx response.
    const after = await stateOf();
    const createdBy201 = new Set(
      results
        .filter((r) => r.path === '/api/v1/auth/register' && r.method === 'POST' && r.status === 201)
        .map((r) => String((JSON.parse(r.body) as { id: string }).id)),
    );
    const changedBy2xx = new Set(
      results
        .filter((r) => (r.method === 'PUT' || r.method === 'DELETE') && r.status >= 200 && r.status < 300)
        .map((r) => r.path.split('/').pop()!),
    );
    for (const [id, state] of after) {
      if (!before.has(id)) expect({ id, created: createdBy201.has(id) }).toEqual({ id, created: true });
      else if (before.get(id) !== state) expect({ id, changed: changedBy2xx.has(id) }).toEqual({ id, changed: true });
    }
    expect([...createdBy201].every((id) => after.has(id))).toBe(true);
  });
});
