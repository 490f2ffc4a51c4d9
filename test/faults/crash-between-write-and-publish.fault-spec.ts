import { eventually } from '../support/poll';
import { Cluster } from './support/cluster';
import { History } from './support/history';
import { checkInvariants } from './support/invariants';

/**
 * 2. The process is killed (SIGKILL) after the user and its event are written and before
 * the event is published. After a restart the sweeper publishes it, and it is applied once.
 */
describe('fault: the app dies between the write and the publish', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await Cluster.start({ OUTBOX_SWEEP_INTERVAL_MS: '300' });
  });

  afterAll(async () => {
    await cluster.destroy();
  });

  it('publishes the pending event after the restart, exactly once', async () => {
    const crashing = await cluster.process({ FAULT_CRASH_AFTER_WRITE: 'true' });
    const history = new History();
    const op = await history.register(crashing.url, 'crash-after-write@example.com');
    expect(op.told).toBe('unknown');
    expect(await crashing.app.exitCode()).toBeNull();
    expect(crashing.app.child.signalCode).toBe('SIGKILL');

    const written = await cluster.db.collection('users').findOne({ email: 'crash-after-write@example.com' });
    expect(written).toMatchObject({ version: 1, outboxIds: [expect.any(String)] });
    expect(await cluster.events()).toEqual([]);

    const restarted = await cluster.process();
    try {
      await eventually(
        () => cluster.db.collection('users_read').findOne({ _id: written!._id }),
        (view) => view?.version === 1,
        { what: 'the event published by the sweeper and applied', timeoutMs: 30_000 },
      );
      await eventually(
        () => cluster.db.collection('users').findOne({ _id: written!._id }),
        (user) => user?.outboxIds?.length === 0,
        { what: 'the outbox to drain' },
      );
      const events = await cluster.events();
      expect(events.map((e) => [e.type, e.userId, e.version])).toEqual([['UserCreated', String(written!._id), 1]]);
      expect(restarted.app.output.some((line) => line.includes('Outbox sweep published pending events'))).toBe(true);
      const verdict = await checkInvariants(cluster, history);
      expect(verdict).toMatchObject({ unknownPresent: 1, unknownAbsent: 0, users: 1, views: 1, createdEvents: 1 });
    } finally {
      await restarted.app.kill('SIGTERM');
    }
  });
});
