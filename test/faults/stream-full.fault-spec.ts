import { DiscardPolicy, nanos, StorageType } from 'nats';
import { eventually } from '../support/poll';
import type { TestApp } from '../support/test-app';
import { Cluster } from './support/cluster';
import { History, inParallel } from './support/history';
import { checkInvariants } from './support/invariants';

/**
 * 8. The stream is full (a test stream limited to 20 messages, discard: new). Publishes
 * fail, the events stay in their outboxes, nothing is dropped, and they go out once the
 * stream has room again.
 */
describe('fault: the stream is full', () => {
  let cluster: Cluster;
  let t: TestApp;

  beforeAll(async () => {
    cluster = await Cluster.start({ OUTBOX_SWEEP_INTERVAL_MS: '300', LOG_LEVEL: 'warn' });
    const jsm = await cluster.client.jetstreamManager();
    await jsm.streams.add({
      name: cluster.env.NATS_STREAM!,
      subjects: [`${cluster.env.EVENTS_SUBJECT_PREFIX!}.>`],
      storage: StorageType.File,
      max_msgs: 20,
      discard: DiscardPolicy.New,
      duplicate_window: nanos(120_000),
    });
    t = await cluster.app();
  });

  afterAll(async () => {
    await t.close({ keepData: true });
    await cluster.destroy();
  });

  const pendingOutboxes = () => cluster.db.collection('users').countDocuments({ outboxIds: { $gt: '' } });

  it('keeps the events that do not fit in the outbox and publishes them once there is room', async () => {
    const url = await t.app.getUrl();
    const history = new History();
    const emails = Array.from({ length: 30 }, (_, i) => `stream-full-${i}@example.com`);
    await inParallel(emails, 5, async (email) => void (await history.register(url, email)));
    expect(history.count('ok')).toBe(30);

    await eventually(
      () => cluster.db.collection('users_read').countDocuments(),
      (n) => n === 20,
      { what: 'the 20 events that fit to be applied' },
    );
    await eventually(pendingOutboxes, (n) => n === 10, { what: 'the other 10 to wait in their outboxes' });
    const jsm = await cluster.client.jetstreamManager();
    expect((await jsm.streams.info(cluster.env.NATS_STREAM!)).state.messages).toBe(20);
    expect(t.logs.some((line) => line.msg === 'Event publish failed, left in the outbox for retry')).toBe(true);

    const info = await jsm.streams.info(cluster.env.NATS_STREAM!);
    await jsm.streams.update(cluster.env.NATS_STREAM!, { ...info.config, max_msgs: 1000 });

    await eventually(pendingOutboxes, (n) => n === 0, { what: 'the outboxes to drain', timeoutMs: 20_000 });
    await eventually(
      () => cluster.db.collection('users_read').countDocuments(),
      (n) => n === 30,
      { what: 'all 30 in the read model' },
    );
    expect((await jsm.streams.info(cluster.env.NATS_STREAM!)).state.messages).toBe(30);
    const verdict = await checkInvariants(cluster, history);
    expect(verdict).toEqual({
      ok: 30,
      failed: 0,
      unknownPresent: 0,
      unknownAbsent: 0,
      users: 30,
      views: 30,
      createdEvents: 30,
    });
  });
});
