import type { UserEvent } from '../../src/contracts/user-events';
import { ReadModelRebuilder } from '../../src/users-read/rebuild/read-model-rebuilder';
import { aRegisterUserRequest } from '../fixtures/builders';
import { expectedView, randomHistories } from '../fixtures/event-histories';
import { AppProcess } from '../support/app-process';
import { eventually } from '../support/poll';
import { seededRandom } from '../support/random';
import { TestApp } from '../support/test-app';

const SUBJECT = { UserCreated: 'created', UserUpdated: 'updated', UserDeleted: 'deleted' } as const;
const byId = (a: { _id?: unknown }, b: { _id?: unknown }) => String(a._id).localeCompare(String(b._id));

/** Rebuilding users_read from the event log (or the write model) gives back the live model. */
describe('rebuilding the read model', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({ LOG_LEVEL: 'warn' });
  });

  afterAll(async () => {
    await t.close();
  });

  const views = () => t.db.collection('users_read');

  async function publishAll(events: UserEvent[]): Promise<void> {
    const js = t.nats.jetstream();
    for (let i = 0; i < events.length; i += 500) {
      await Promise.all(
        events
          .slice(i, i + 500)
          .map((event) => js.publish(t.subject(SUBJECT[event.type]), new TextEncoder().encode(JSON.stringify(event)))),
      );
    }
  }

  it('rebuilds 10,000 users from the stream into the same documents, without losing live events', async () => {
    const histories = randomHistories(seededRandom(42), 10_000, { maxUpdates: 1, deleteShare: 0.1 });
    await publishAll(histories.flat());
    // Every event applied, not just every user created: the versions add up.
    const versionSum = histories.reduce((sum, history) => sum + history[history.length - 1]!.version, 0);
    const live = await eventually(
      async () => (await views().find().toArray()).sort(byId),
      (docs) => docs.length === 10_000 && docs.reduce((sum, doc) => sum + Number(doc.version), 0) === versionSum,
      { what: 'the live projection to apply every event', timeoutMs: 120_000, intervalMs: 1000 },
    );
    expect(live).toEqual(histories.map(expectedView).sort(byId));

    const rebuild = AppProcess.tool('rebuild', [], t.env);
    const arriving = randomHistories(seededRandom(43), 100, { maxUpdates: 1, deleteShare: 0 });
    await publishAll(arriving.flat());
    expect(await rebuild.exitCode(120_000)).toBe(0);
    const output = rebuild.output.join('\n');
    expect(output).toMatch(/rebuilt users_read: 10\d{3} users from \d+ events in [\d.]+ s \(\d+\/s\)/);
    expect(output).toMatch(/swapped in, then applied \d+ messages that arrived during the rebuild/);

    const expected = [...histories, ...arriving].map(expectedView).sort(byId);
    const rebuilt = await eventually(
      async () => (await views().find().toArray()).sort(byId),
      (docs) => docs.length === expected.length,
      { what: 'the rebuilt model with the events that arrived meanwhile', timeoutMs: 30_000 },
    );
    expect(rebuilt).toEqual(expected);
    const rebuiltById = new Map(rebuilt.map((doc) => [String(doc._id), doc]));
    for (const doc of live) expect(rebuiltById.get(String(doc._id))).toEqual(doc);
    expect(
      (await t.db.listCollections().toArray()).map((c) => c.name).filter((n) => n.startsWith('users_read')),
    ).toEqual(['users_read']);
  }, 300_000); // 10,000 events projected, then replayed: a volume test, given room on a busy machine.

  it('rebuilds from the users collection when asked, to the same model', async () => {
    const mine: string[] = [];
    for (let i = 0; i < 20; i++) mine.push((await t.register(aRegisterUserRequest({ roles: ['seller'] }))).id);
    const me = await t.authAsNewUser();
    await t
      .http()
      .put(`/api/v1/users/${me.id}`)
      .set(me)
      .send({ name: 'Renamed', roles: ['buyer', 'seller'] })
      .expect(200);
    const gone = await t.authAsNewUser();
    await t.http().delete(`/api/v1/users/${gone.id}`).set(gone).expect(204);
    const ids = [...mine, me.id, gone.id];
    const settled = () =>
      views()
        .find({ _id: { $in: ids as never[] } })
        .sort({ _id: 1 })
        .toArray();
    const live = await eventually(
      settled,
      (docs) =>
        docs.length === ids.length &&
        docs.some((d) => d._id === (me.id as never) && d.version === 2) &&
        docs.some((d) => d._id === (gone.id as never) && d.deleted === true),
      { what: 'the live model to settle' },
    );

    const rebuild = AppProcess.tool('rebuild', ['--from-users'], t.env);
    expect(await rebuild.exitCode(60_000)).toBe(0);
    expect(rebuild.output.join('\n')).toMatch(/rebuilt users_read: \d+ users from \d+ users/);
    // Users published straight onto the stream by the first test have no write model: not ours to compare.
    expect(await settled()).toEqual(live);
  });

  it('drops the half-built collection when reading the events fails, and leaves the live one alone', async () => {
    const before = await views().countDocuments();
    const readModels = async () =>
      (await t.db.listCollections().toArray()).map((c) => c.name).filter((n) => n.startsWith('users_read'));
    // One batch; then, once the new collection exists, the failure a lost NATS connection would raise.
    async function* failing(): AsyncGenerator<UserEvent[]> {
      yield randomHistories(seededRandom(44), 50, { maxUpdates: 1, deleteShare: 0 }).flat();
      await eventually(readModels, (names) => names.length === 2, { what: 'the new collection to be created' });
      throw new Error('the stream went away');
    }
    await expect(t.app.get(ReadModelRebuilder).build(failing(), () => undefined)).rejects.toThrow(
      'the stream went away',
    );
    expect(await readModels()).toEqual(['users_read']);
    expect(await views().countDocuments()).toBe(before);
  });
});
