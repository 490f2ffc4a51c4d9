import { randomBytes } from 'node:crypto';
import type { UserEvent } from '../../src/contracts/user-events';
import { randomHistories } from '../fixtures/event-histories';
import { eventually } from '../support/poll';
import { seededRandom, shuffle } from '../support/random';
import type { TestApp } from '../support/test-app';
import { Cluster } from './support/cluster';

const SUBJECT = { UserCreated: 'created', UserUpdated: 'updated', UserDeleted: 'deleted' } as const;

/**
 * 4. Every event published twice and all deliveries shuffled. One app gets that; another,
 * on its own database and stream, gets the same events once and in order. Their read
 * models must be identical, document by document.
 */
describe('fault: every event delivered twice, in random order', () => {
  let cluster: Cluster;
  let shuffled: TestApp;
  let inOrder: TestApp;

  beforeAll(async () => {
    cluster = await Cluster.start({ LOG_LEVEL: 'warn' });
    const id = randomBytes(3).toString('hex');
    shuffled = await cluster.app();
    inOrder = await cluster.app({
      MONGODB_URI: `${cluster.ferret.url}/users_test_inorder_${id}`,
      NATS_STREAM: `TEST_INORDER_${id}`,
      EVENTS_SUBJECT_PREFIX: `inorder_${id}.users`,
    });
  });

  afterAll(async () => {
    await inOrder.close();
    await shuffled.close({ keepData: true });
    await cluster.destroy();
  });

  async function publish(app: TestApp, events: UserEvent[]): Promise<void> {
    for (const event of events) await app.publish(event, app.subject(SUBJECT[event.type]));
  }

  const all = (app: TestApp) => app.db.collection('users_read').find().sort({ _id: 1 }).toArray();

  it('ends with the same read model as in-order delivery', async () => {
    const random = seededRandom(2024);
    const histories = randomHistories(random, 80);
    const events = histories.flat();
    expect(events.length).toBeGreaterThan(200);

    await publish(inOrder, events);
    await publish(shuffled, shuffle([...events, ...events], random));

    const lastVersions = histories.map((history) => history[history.length - 1]!.version);
    const settled = (docs: Array<Record<string, unknown>>) =>
      docs.length === histories.length &&
      docs.reduce((sum, d) => sum + Number(d.version), 0) === lastVersions.reduce((a, b) => a + b, 0);
    const expected = await eventually(() => all(inOrder), settled, { what: 'the in-order model', timeoutMs: 30_000 });
    const actual = await eventually(() => all(shuffled), settled, { what: 'the shuffled model', timeoutMs: 30_000 });
    expect(actual).toEqual(expected);
    // The last duplicates change nothing and may still be in flight when the model settles.
    await eventually(
      () => cluster.consumerPending('users-read-projection'),
      (n) => n === 0,
      { what: 'every delivery acknowledged' },
    );
  });
});
