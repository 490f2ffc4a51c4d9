import { randomUUID } from 'node:crypto';
import { aSnapshot, aUserCreated, aUserDeleted, aUserUpdated } from '../fixtures/builders';
import { eventually } from '../support/poll';
import { TestApp } from '../support/test-app';

/**
 * The query side, driven the way seed 004 drives it: events published straight onto the
 * stream, results read back through the HTTP query API.
 */
describe('queries served from users_read', () => {
  let t: TestApp;
  let auth: { Authorization: string };

  beforeAll(async () => {
    t = await TestApp.start();
    auth = { Authorization: (await t.authAsNewUser()).Authorization };
  });

  afterAll(async () => {
    await t.close();
  });

  const getUser = (id: string) => t.http().get(`/api/v1/users/${id}`).set(auth);

  it('shows a user published as UserCreated, mapped field by field', async () => {
    const user = aSnapshot({
      roles: ['seller'],
      createdAt: '2025-05-05T05:05:05.000Z',
      updatedAt: '2025-05-05T05:05:05.000Z',
    });
    await t.publish(aUserCreated(user), t.subject('created'));
    const response = await eventually(
      () => getUser(user.id),
      (r) => r.status === 200,
      { what: 'the published user' },
    );
    expect(response.body).toEqual({
      id: user.id,
      email: user.email,
      name: user.name,
      roles: ['seller'],
      isActive: true,
      createdAt: '2025-05-05T05:05:05.000Z',
      updatedAt: '2025-05-05T05:05:05.000Z',
      version: 1,
      roleCount: 1,
      isBuyer: false,
      isSeller: true,
    });
  });

  it('converges to the newest version whatever the order and however often events arrive', async () => {
    const user = aSnapshot({ roles: ['buyer'] });
    const created = aUserCreated(user);
    const v2 = aUserUpdated({ ...user, name: 'Second', updatedAt: '2026-01-01T00:00:02.000Z' }, 2, { name: 'Second' });
    const v3 = aUserUpdated(
      {
        ...user,
        name: 'Third',
        roles: ['buyer', 'seller'],
        updatedAt: '2026-01-01T00:00:03.000Z',
      },
      3,
      {
        name: 'Third',
        roles: ['buyer', 'seller'],
      },
    );
    for (const [event, subject] of [
      [v3, 'updated'],
      [created, 'created'],
      [v2, 'updated'],
      [v3, 'updated'],
      [created, 'created'],
    ] as const) {
      await t.publish(event, t.subject(subject));
    }
    const response = await eventually(
      () => getUser(user.id),
      (r) => r.status === 200 && r.body.version === 3,
      { what: 'version 3 in the read model' },
    );
    expect(response.body).toMatchObject({
      name: 'Third',
      roles: ['buyer', 'seller'],
      roleCount: 2,
      isSeller: true,
      version: 3,
    });
    const marker = aSnapshot();
    await t.publish(aUserCreated(marker), t.subject('created'));
    await eventually(
      () => getUser(marker.id),
      (r) => r.status === 200,
      { what: 'a later event to be applied' },
    );
    expect((await getUser(user.id)).body.version).toBe(3);
  });

  it('hides a deleted user from every query', async () => {
    const user = aSnapshot({ roles: ['seller'] });
    await t.publish(aUserCreated(user), t.subject('created'));
    await eventually(
      () => getUser(user.id),
      (r) => r.status === 200,
      { what: 'the user before deletion' },
    );
    const sellersBefore = (await t.http().get('/api/v1/users/by-role/seller?limit=100').set(auth)).body.total as number;
    await t.publish(aUserDeleted(user.id, 2), t.subject('deleted'));
    await eventually(
      () => getUser(user.id),
      (r) => r.status === 404,
      { what: 'the user to disappear' },
    );
    const sellers = await t.http().get('/api/v1/users/by-role/seller?limit=100').set(auth).expect(200);
    expect(sellers.body.total).toBe(sellersBefore - 1);
    expect(sellers.body.data.map((u: { id: string }) => u.id)).not.toContain(user.id);
  });

  it('skips a poison message and goes on with the next events', async () => {
    await t.nats.jetstream().publish(t.subject('created'), new TextEncoder().encode('{not json'));
    const user = aSnapshot();
    await t.publish(aUserCreated(user), t.subject('created'));
    await eventually(
      () => getUser(user.id),
      (r) => r.status === 200,
      { what: 'the event after the poison message' },
    );
  });

  it('answers 404 for an unknown id and 400 for one that is not a UUID', async () => {
    const missing = await getUser(randomUUID()).expect(404);
    expect(missing.body).toMatchObject({
      statusCode: 404,
      message: 'user not found',
    });
    for (const id of ['not-a-uuid', '..%2F..%2Fetc%2Fpasswd', '1', "' OR 1=1"]) {
      const response = await t
        .http()
        .get(`/api/v1/users/${encodeURIComponent(id)}`)
        .set(auth);
      expect([400, 404]).toContain(response.status);
    }
    const bad = await getUser('not-a-uuid').expect(400);
    expect(bad.body.details).toEqual([{ field: 'id', reasons: ['id must be a UUID'] }]);
  });

  it('answers 400 for an unknown role', async () => {
    const response = await t.http().get('/api/v1/users/by-role/root').set(auth).expect(400);
    expect(response.body.details).toEqual([{ field: 'role', reasons: ['role must be one of buyer, seller, admin'] }]);
  });

  it.each([
    'limit=0',
    'limit=101',
    'limit=-1',
    'limit=abc',
    'limit=1.5',
    'limit=1e9',
    'offset=-1',
    'offset=abc',
    'offset=1e12',
    'limit[$gt]=0',
    'role[$ne]=x',
    'limit=10&limit=20',
  ])('answers 400 for ?%s', async (query) => {
    const response = await t.http().get(`/api/v1/users?${query}`).set(auth).expect(400);
    expect(response.body.details.length).toBeGreaterThan(0);
  });

  it('pages in creation order with stable ids, whatever the page size', async () => {
    const start = new Date('2030-01-01T00:00:00.000Z').getTime();
    const users = Array.from({ length: 7 }, (_, i) =>
      aSnapshot({
        roles: ['seller', 'buyer'],
        // two users share each timestamp: the id breaks the tie
        createdAt: new Date(start + Math.floor(i / 2) * 1000).toISOString(),
        updatedAt: new Date(start + Math.floor(i / 2) * 1000).toISOString(),
      }),
    );
    for (const user of users) await t.publish(aUserCreated(user), t.subject('created'));
    for (const user of users)
      await eventually(
        () => getUser(user.id),
        (r) => r.status === 200,
        { what: user.id },
      );
    const expected = [...users]
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
      .map((u) => u.id);
    const all = (await t.http().get('/api/v1/users?limit=100').set(auth).expect(200)).body;
    const tail = all.data.map((u: { id: string }) => u.id).slice(-7);
    expect(tail).toEqual(expected);
    for (const size of [1, 3]) {
      const ids: string[] = [];
      for (let offset = all.total - 7; offset < all.total; offset += size) {
        const page = await t.http().get(`/api/v1/users?limit=${size}&offset=${offset}`).set(auth).expect(200);
        expect(page.body).toMatchObject({
          limit: size,
          offset,
          total: all.total,
        });
        ids.push(...page.body.data.map((u: { id: string }) => u.id));
      }
      expect(ids).toEqual(expected);
    }
  });
});
