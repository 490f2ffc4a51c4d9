import { eventually } from '../support/poll';
import type { TestApp } from '../support/test-app';
import { Cluster } from './support/cluster';
import { History } from './support/history';
import { checkInvariants } from './support/invariants';

/**
 * 3. The projection's worker is killed after writing users_read and before acknowledging.
 * JetStream redelivers the event to the next worker, which sees it is already applied:
 * applied once, acknowledged once.
 */
describe('fault: a consumer dies before it acknowledges', () => {
  let cluster: Cluster;
  let api: TestApp;

  beforeAll(async () => {
    cluster = await Cluster.start();
    api = await cluster.app({ APP_ROLE: 'api' });
  });

  afterAll(async () => {
    await api.close({ keepData: true });
    await cluster.destroy();
  });

  it('gets the event redelivered and applies it once', async () => {
    const worker = await cluster.process({ APP_ROLE: 'worker', FAULT_CRASH_BEFORE_ACK: 'users-read-projection' });
    const history = new History();
    const op = await history.register(await api.app.getUrl(), 'consumer-crash@example.com');
    expect(op.told).toBe('ok');

    expect(await worker.app.exitCode()).toBeNull();
    expect(worker.app.child.signalCode).toBe('SIGKILL');
    // Written, not acknowledged.
    expect(await cluster.db.collection('users_read').findOne({ _id: op.userId as never })).toMatchObject({
      version: 1,
    });
    expect(await cluster.consumerPending('users-read-projection')).toBe(1);

    const next = await cluster.process({ APP_ROLE: 'worker', LOG_LEVEL: 'debug' });
    try {
      await eventually(
        () => cluster.consumerPending('users-read-projection'),
        (n) => n === 0,
        {
          what: 'the redelivered event to be acknowledged',
          timeoutMs: 20_000,
        },
      );
      const lines = next.app.output
        .filter((line) => line.includes(op.userId!))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.find((l) => l.msg === 'UserCreated event received')).toMatchObject({ delivery: 2 });
      expect(lines.some((l) => l.msg === 'Event skipped: already applied or superseded')).toBe(true);
      expect(lines.some((l) => l.msg === 'Read model updated successfully')).toBe(false);
      const verdict = await checkInvariants(cluster, history);
      expect(verdict).toMatchObject({ ok: 1, users: 1, views: 1, createdEvents: 1 });
    } finally {
      await next.app.kill('SIGTERM');
    }
  });
});
