import { aSnapshot, aUserCreated } from '../fixtures/builders';
import { AppProcess } from '../support/app-process';
import { eventually } from '../support/poll';
import type { TestApp } from '../support/test-app';
import { Cluster } from './support/cluster';

/**
 * 5. Poison events: one unparseable, one that fails the projection every time. After a
 * bounded number of deliveries (with backoff) each is parked in dead_letters with the error
 * and the original message; the events around them are applied meanwhile. Once the cause is
 * fixed, `npm run dead-letters -- redrive` applies what can now be applied.
 */
describe('fault: poison events', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await Cluster.start({ CONSUMER_MAX_DELIVER: '3', LOG_LEVEL: 'warn' });
  });

  afterAll(async () => {
    await cluster.destroy();
  });

  const view = (id: string) => cluster.db.collection('users_read').findOne({ _id: id as never });
  const parked = () => cluster.db.collection('dead_letters').find().sort({ streamSequence: 1 }).toArray();

  it('parks them after bounded retries, goes on with the rest, and re-drives them once fixed', async () => {
    const failing = aSnapshot();
    let t: TestApp = await cluster.app({ FAULT_FAIL_PROJECTION_FOR: failing.id });
    const before = aSnapshot();
    const after = aSnapshot();
    const failingEvent = aUserCreated(failing);
    const garbage = '{"type":"UserCreated", this is not JSON';

    await t.publish(aUserCreated(before), t.subject('created'));
    await t.nats.jetstream().publish(t.subject('created'), new TextEncoder().encode(garbage));
    await t.publish(failingEvent, t.subject('created'));
    await t.publish(aUserCreated(after), t.subject('created'));

    await eventually(
      () => view(after.id),
      (doc) => doc !== null,
      { what: 'the event after the poison ones' },
    );
    expect(await view(before.id)).not.toBeNull();

    const letters = await eventually(
      () => parked().then((all) => all.filter((l) => l.consumer === 'users-read-projection')),
      (all) => all.length === 2,
      { what: 'both poison events parked', timeoutMs: 20_000 },
    );
    expect(letters[0]).toMatchObject({
      subject: t.subject('created'),
      text: garbage,
      deliveries: 1,
      error: expect.stringContaining('not valid JSON'),
    });
    expect(letters[1]).toMatchObject({
      subject: t.subject('created'),
      text: JSON.stringify(failingEvent),
      deliveries: 3,
      error: `injected projection failure for user ${failing.id}`,
    });
    expect(Buffer.from(String(letters[1]!.data), 'base64').toString()).toBe(JSON.stringify(failingEvent));
    expect(await view(failing.id)).toBeNull();
    await eventually(
      () => cluster.consumerPending('users-read-projection'),
      (n) => n === 0,
      { what: 'nothing left pending' },
    );

    // The cause is fixed: the same service without the failure.
    await t.close({ keepData: true });
    t = await cluster.app();
    try {
      const listing = AppProcess.tool('dead-letters', ['list'], cluster.env);
      expect(await listing.exitCode()).toBe(0);
      expect(listing.output.filter((line) => line.startsWith('{'))).toHaveLength(3);
      expect(listing.output).toContain('3 parked');

      const redrive = AppProcess.tool('dead-letters', ['redrive'], cluster.env);
      expect(await redrive.exitCode()).toBe(1);
      expect(redrive.output).toContain('1 applied, 2 still failing');
      expect(await view(failing.id)).toMatchObject({ version: 1, email: failing.email });
      const left = await parked();
      expect(left.map((l) => [l.consumer, l.text, l.deliveries])).toEqual(
        expect.arrayContaining([
          ['users-read-projection', garbage, 2],
          ['welcome-email', garbage, 2],
        ]),
      );
      expect(left).toHaveLength(2);
    } finally {
      await t.close({ keepData: true });
    }
  });
});
