import { eventually } from '../support/poll';
import type { TestApp } from '../support/test-app';
import { Cluster } from './support/cluster';
import { History, inParallel } from './support/history';
import { checkInvariants } from './support/invariants';

/**
 * 1. NATS stopped during 300 registrations and restarted. Writes never need NATS (the
 * event waits in the user's outbox), so all 300 succeed; once NATS is back every one of
 * them reaches the stream and the read model exactly once.
 */
describe('fault: NATS stops in the middle of 300 registrations', () => {
  let cluster: Cluster;
  let t: TestApp;

  beforeAll(async () => {
    cluster = await Cluster.start({ OUTBOX_SWEEP_INTERVAL_MS: '300' });
    t = await cluster.app();
  });

  afterAll(async () => {
    await t.close({ keepData: true });
    await cluster.destroy();
  });

  it('loses no acknowledged registration and shows none twice', async () => {
    const url = await t.app.getUrl();
    const history = new History();
    const emails = Array.from({ length: 300 }, (_, i) => `nats-down-${i}@example.com`);
    let stopped: Promise<void> | undefined;
    let restarted: Promise<void> | undefined;
    let natsDown = false;
    let acknowledgedWhileDown = 0;

    await inParallel(emails, 10, async (email) => {
      const op = await history.register(url, email);
      if (natsDown && op.told === 'ok') acknowledgedWhileDown++;
      const done = history.operations.length;
      if (done === 100) stopped = cluster.nats.stop(true).then(() => void (natsDown = true));
      if (done === 200) {
        restarted = stopped!.then(async () => {
          natsDown = false;
          await cluster.nats.restart();
        });
      }
    });
    await restarted;
    expect(acknowledgedWhileDown).toBeGreaterThan(0);

    expect(history.count('ok')).toBe(300);
    expect(history.count('failed')).toBe(0);
    expect(history.count('unknown')).toBe(0);
    await eventually(
      () => cluster.db.collection('users_read').countDocuments(),
      (count) => count === 300,
      { what: 'every registration in users_read', timeoutMs: 60_000, intervalMs: 250 },
    );
    await eventually(
      async () =>
        (
          await cluster.db
            .collection('users')
            .find({ outboxIds: { $gt: '' } })
            .toArray()
        ).length,
      (pending) => pending === 0,
      { what: 'the outbox to drain' },
    );
    const verdict = await checkInvariants(cluster, history);
    expect(verdict).toEqual({
      ok: 300,
      failed: 0,
      unknownPresent: 0,
      unknownAbsent: 0,
      users: 300,
      views: 300,
      createdEvents: 300,
    });
  });
});
