import type { UserEvent } from '../../src/contracts/user-events';
import { aSnapshot, aUserCreated } from '../fixtures/builders';
import { eventually } from '../support/poll';
import type { TestApp } from '../support/test-app';
import { Cluster } from './support/cluster';

/**
 * 6. FerretDB stopped and restarted while the projection consumes. Failed batches are
 * redelivered with backoff, an outage never parks an event, and once the database is back
 * the projection catches up: 2,000 events in, 2,000 users out.
 */
describe('fault: FerretDB stops while events are being consumed', () => {
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

  async function publish(events: UserEvent[]): Promise<void> {
    const js = t.nats.jetstream();
    await Promise.all(events.map((e) => js.publish(t.subject('created'), new TextEncoder().encode(JSON.stringify(e)))));
  }

  it('retries with backoff and catches up, losing nothing', async () => {
    const events = Array.from({ length: 2000 }, () => aUserCreated(aSnapshot()));
    await publish(events.slice(0, 1000));
    await eventually(
      () => cluster.db.collection('users_read').countDocuments(),
      (n) => n >= 100,
      { what: 'consumption to start' },
    );

    await cluster.ferret.stop();
    await publish(events.slice(1000));
    await eventually(
      () => t.logs.filter((line) => line.msg === 'Database unavailable, will retry').length,
      (n) => n > 0,
      { what: 'the projection to hit the outage', timeoutMs: 20_000 },
    );
    await cluster.ferret.restart();

    await eventually(
      () => cluster.db.collection('users_read').countDocuments(),
      (n) => n === 2000,
      { what: 'the projection to catch up', timeoutMs: 90_000, intervalMs: 500 },
    );
    await eventually(
      () => cluster.consumerPending('users-read-projection'),
      (n) => n === 0,
      { what: 'every event acknowledged' },
    );
    const ids = new Set(
      (
        await cluster.db
          .collection('users_read')
          .find({}, { projection: { _id: 1 } })
          .toArray()
      ).map((d) => String(d._id)),
    );
    expect(events.every((e) => ids.has(e.userId))).toBe(true);
    expect(await cluster.db.collection('dead_letters').countDocuments()).toBe(0);
    expect(t.logs.some((line) => line.msg === 'Message parked in dead_letters')).toBe(false);
  });
});
