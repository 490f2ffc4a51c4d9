import type { UserEvent } from '../../src/contracts/user-events';
import { expectedView, randomHistories } from '../fixtures/event-histories';
import { eventually } from '../support/poll';
import { seededRandom, shuffle } from '../support/random';
import { TestApp } from '../support/test-app';

const SUBJECT = { UserCreated: 'created', UserUpdated: 'updated', UserDeleted: 'deleted' } as const;

/**
 * At-least-once delivery in any order: every event of many random histories is published
 * straight onto the stream one to three times, all shuffled together, and users_read must
 * end exactly as if each history had been applied once, in order.
 */
describe('the read model converges whatever the delivery order and however many duplicates', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({ LOG_LEVEL: 'warn' });
  });

  afterAll(async () => {
    await t.close();
  });

  const seeds = (process.env.CONVERGENCE_SEEDS ?? '1,2,3').split(',').map(Number);

  it.each(seeds)('seed %i', async (seed) => {
    const random = seededRandom(seed);
    const histories = randomHistories(random, 60);
    const deliveries = shuffle(
      histories.flat().flatMap((event) => Array<UserEvent>(1 + Math.floor(random() * 3)).fill(event)),
      random,
    );
    expect(histories.flat().length).toBeGreaterThan(150);

    for (const event of deliveries) await t.publish(event, t.subject(SUBJECT[event.type]));

    const ids = histories.map((history) => history[0]!.userId);
    const expected = histories.map(expectedView).sort((a, b) => String(a._id).localeCompare(String(b._id)));
    const stored = await eventually(
      () =>
        t.db
          .collection('users_read')
          .find({ _id: { $in: ids as never[] } })
          .sort({ _id: 1 })
          .toArray(),
      (docs) => docs.length === ids.length && docs.every((doc, i) => doc.version === expected[i]!.version),
      { what: `users_read to converge (seed ${seed}, ${deliveries.length} deliveries)`, timeoutMs: 30_000 },
    );
    expect(stored).toEqual(expected);
  });
});
