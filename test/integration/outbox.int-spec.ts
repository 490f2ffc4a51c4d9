import { randomUUID } from 'node:crypto';
import type { UserCreated } from '../../src/contracts/user-events';
import type { OutboxEntry } from '../../src/infrastructure/outbox/outbox-entry';
import { OutboxRelay } from '../../src/infrastructure/outbox/outbox-relay';
import { aSnapshot, aUserCreated } from '../fixtures/builders';
import { eventually } from '../support/poll';
import { TestApp } from '../support/test-app';

function pendingUser(event: UserCreated, entry: OutboxEntry) {
  const { user } = event;
  return {
    _id: user.id,
    email: user.email,
    passwordHash: '$2b$04$abcdefghijklmnopqrstuuN0Fv1nS0Wy1Hq8o5Y8oQX0Wn2b0y9yC',
    name: user.name,
    roles: user.roles,
    isActive: true,
    createdAt: new Date(user.createdAt),
    updatedAt: new Date(user.updatedAt),
    version: 1,
    outbox: { [entry.eventId]: entry },
    outboxIds: [entry.eventId],
  };
}

function entryFor(t: TestApp, event: UserCreated, createdAt = new Date(Date.now() - 60_000)): OutboxEntry {
  return {
    eventId: event.eventId,
    type: event.type,
    subject: t.subject('created'),
    payload: JSON.stringify(event),
    traceId: event.traceId,
    version: event.version,
    createdAt,
  };
}

describe('the outbox inside the user document', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
  });

  afterAll(async () => {
    await t.close();
  });

  it('publishes an event that was written but never published, and applies it once', async () => {
    const event = aUserCreated(aSnapshot(), { traceId: randomUUID().replace(/-/g, '') });
    const entry = entryFor(t, event);
    // As if the process had died between the write and the publish.
    await t.db.collection('users').insertOne(pendingUser(event, entry) as never);

    const events = await eventually(
      () => t.streamEvents(),
      (all) => all.some((e) => e.eventId === event.eventId),
      { what: 'the sweeper to publish the pending event' },
    );
    expect(events.filter((e) => e.eventId === event.eventId)).toHaveLength(1);
    await eventually(
      () => t.db.collection('users').findOne({ _id: event.userId as never }),
      (doc) => doc?.outboxIds?.length === 0 && Object.keys(doc.outbox as object).length === 0,
      { what: 'the entry to leave the outbox' },
    );
    const view = await eventually(
      () => t.db.collection('users_read').findOne({ _id: event.userId as never }),
      (doc) => doc !== null,
      { what: 'the read model' },
    );
    expect(view).toMatchObject({ version: 1, email: event.user.email, deleted: false });
  });

  it('stores a repeated publish of the same event only once (Nats-Msg-Id deduplication)', async () => {
    const event = aUserCreated();
    const entry = entryFor(t, event, new Date());
    const relay = t.app.get(OutboxRelay);
    await t.db.collection('users').insertOne(pendingUser(event, entry) as never);
    expect(await relay.publish(event.userId, [entry])).toBe(true);
    expect(await relay.publish(event.userId, [entry])).toBe(true);
    const events = await t.streamEvents();
    expect(events.filter((e) => e.eventId === event.eventId)).toHaveLength(1);

    const jsm = await t.nats.jetstreamManager();
    const stored = await jsm.streams.getMessage(t.config.natsStream, { last_by_subj: t.subject('created') });
    expect(stored.header.get('Nats-Msg-Id')).toBe(event.eventId);
    expect(stored.header.get('traceparent')).toMatch(new RegExp(`^00-${event.traceId}-[0-9a-f]{16}-01$`));
  });
});
