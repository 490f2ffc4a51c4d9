import { eventually } from '../support/poll';
import type { TestApp } from '../support/test-app';
import { Cluster } from './support/cluster';
import { History } from './support/history';
import { checkInvariants } from './support/invariants';

/**
 * 7. FerretDB stopped while clients register. Requests fail fast with a generic 503 (no
 * driver text, no stack), nothing is published for writes that did not happen (no ghost in
 * the read model), and the service recovers by itself when FerretDB is back.
 */
describe('fault: FerretDB stops during registrations', () => {
  let cluster: Cluster;
  let t: TestApp;

  beforeAll(async () => {
    cluster = await Cluster.start({ LOG_LEVEL: 'warn' });
    t = await cluster.app();
  });

  afterAll(async () => {
    await t.close({ keepData: true });
    await cluster.destroy();
  });

  it('answers 503 while it is down, writes nothing for those, and recovers', async () => {
    const url = await t.app.getUrl();
    const history = new History();
    for (let i = 0; i < 30; i++) await history.register(url, `before-${i}@example.com`);

    await cluster.ferret.stop();
    const durations: number[] = [];
    const bodies: string[] = [];
    for (let i = 0; i < 30; i++) {
      const started = Date.now();
      const response = await fetch(`${url}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: `during-${i}@example.com`, password: 'password123', name: 'Down' }),
      });
      durations.push(Date.now() - started);
      bodies.push(await response.text());
      history.operations.push({
        email: `during-${i}@example.com`,
        told: response.status >= 500 ? 'unknown' : 'ok',
        status: response.status,
      });
    }
    expect(history.operations.slice(30).map((op) => op.status)).toEqual(Array(30).fill(503));
    for (const body of bodies) {
      expect(JSON.parse(body)).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'service temporarily unavailable, retry later',
        traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
    }
    // The breaker answers at once once the driver has noticed; before that, server selection waits.
    expect([...durations].sort((a, b) => a - b)[15]).toBeLessThan(100);
    expect(Math.max(...durations)).toBeLessThan(5000);

    await cluster.ferret.restart();
    await eventually(
      () => history.register(url, `probe-${history.operations.length}@example.com`),
      (op) => op.told === 'ok',
      { what: 'registrations to work again', timeoutMs: 30_000, intervalMs: 200 },
    );
    for (let i = 0; i < 30; i++) await history.register(url, `after-${i}@example.com`);

    const acknowledged = history.count('ok');
    await eventually(
      () => cluster.db.collection('users_read').countDocuments(),
      (n) => n === acknowledged,
      { what: 'every acknowledged registration in users_read' },
    );
    // The 30 made while it was down, plus any probe refused before the breaker closed again.
    const refused = history.count('unknown');
    expect(history.operations.filter((op) => op.told === 'unknown').every((op) => op.status === 503)).toBe(true);
    const verdict = await checkInvariants(cluster, history);
    expect(verdict.unknownAbsent).toBe(refused);
    expect(verdict.unknownPresent).toBe(0);
    expect(verdict.ok).toBe(acknowledged);
    expect(verdict.ok).toBeGreaterThanOrEqual(61);
    expect(verdict.users).toBe(acknowledged);
    expect(verdict.createdEvents).toBe(acknowledged);
  });
});
