import { aRegisterUserRequest } from '../fixtures/builders';
import { eventually } from '../support/poll';
import { TestApp } from '../support/test-app';

type Auth = { Authorization: string; id: string };

describe('updating and deleting users', () => {
  let t: TestApp;
  const admin = aRegisterUserRequest({ email: 'admin@example.com', password: 'admin-password' });

  beforeAll(async () => {
    t = await TestApp.start({ ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password });
  });

  afterAll(async () => {
    await t.close();
  });

  const login = async (email: string, password: string): Promise<Auth & { status: number }> => {
    const response = await t.http().post('/api/v1/auth/login').send({ email, password });
    return { status: response.status, Authorization: `Bearer ${response.body.accessToken as string}`, id: '' };
  };
  const adminAuth = async (): Promise<{ Authorization: string }> => ({
    Authorization: (await login(admin.email, admin.password)).Authorization,
  });
  const viewOf = (id: string, auth: { Authorization: string }) => t.http().get(`/api/v1/users/${id}`).set(auth);
  const ids = (page: { data: Array<{ id: string }> }) => page.data.map((u) => u.id);

  it('follows the walkthrough: register, update, read the change, delete, and the user is gone', async () => {
    const body = aRegisterUserRequest({ roles: ['buyer'] });
    const me = await t.authAsNewUser(body);
    const observer = await t.authAsNewUser();

    const updated = await t
      .http()
      .put(`/api/v1/users/${me.id}`)
      .set(me)
      .send({ name: 'Jane Doe', roles: ['buyer', 'seller'] })
      .expect(200);
    expect(updated.body).toMatchObject({ id: me.id, name: 'Jane Doe', roles: ['buyer', 'seller'], version: 2 });
    expect(updated.headers.etag).toBe('"2"');

    const view = await eventually(
      () => viewOf(me.id, observer),
      (r) => r.status === 200 && r.body.version === 2,
      { what: 'the update in the read model' },
    );
    expect(view.body).toMatchObject({
      name: 'Jane Doe',
      roles: ['buyer', 'seller'],
      roleCount: 2,
      isBuyer: true,
      isSeller: true,
    });
    expect(view.headers.etag).toBe('"2"');
    expect(new Date(view.body.updatedAt).getTime()).toBeGreaterThan(new Date(view.body.createdAt).getTime() - 1);
    const sellers = await t.http().get('/api/v1/users/by-role/seller?limit=100').set(observer).expect(200);
    expect(ids(sellers.body)).toContain(me.id);

    await t
      .http()
      .put(`/api/v1/users/${me.id}`)
      .set(me)
      .send({ roles: ['buyer'] })
      .expect(200);
    await eventually(
      async () => ids((await t.http().get('/api/v1/users/by-role/seller?limit=100').set(observer)).body),
      (sellerIds) => !sellerIds.includes(me.id),
      { what: 'the user to leave the sellers' },
    );

    await t.http().delete(`/api/v1/users/${me.id}`).set(me).expect(204);
    // The deleted user's token stops working at once, on every route.
    await t.http().get('/api/v1/users').set(me).expect(401);
    await t.http().get(`/api/v1/users/${observer.id}`).set(me).expect(401);
    await t.http().put(`/api/v1/users/${me.id}`).set(me).send({ name: 'Back' }).expect(401);
    await t.http().delete(`/api/v1/users/${me.id}`).set(me).expect(401);
    expect((await login(body.email, body.password)).status).toBe(401);

    await eventually(
      () => viewOf(me.id, observer),
      (r) => r.status === 404,
      { what: 'the user to disappear' },
    );
    const all = await t.http().get('/api/v1/users?limit=100').set(observer).expect(200);
    expect(ids(all.body)).not.toContain(me.id);
    const buyers = await t.http().get('/api/v1/users/by-role/buyer?limit=100').set(observer).expect(200);
    expect(ids(buyers.body)).not.toContain(me.id);
    expect(all.body.total).toBe(all.body.data.length);

    const events = (await t.streamEvents()).filter((e) => e.userId === me.id);
    expect(events.map((e) => [e.type, e.version])).toEqual([
      ['UserCreated', 1],
      ['UserUpdated', 2],
      ['UserUpdated', 3],
      ['UserDeleted', 4],
    ]);
    expect(events[1]).toMatchObject({ changes: { name: 'Jane Doe', roles: ['buyer', 'seller'] } });
    expect(events[2]).toMatchObject({ changes: { roles: ['buyer'] } });
  });

  it('keeps the deleted document for audit and frees its email for a new registration', async () => {
    const body = aRegisterUserRequest();
    const me = await t.authAsNewUser(body);
    await t.http().delete(`/api/v1/users/${me.id}`).set(me).expect(204);
    const stored = await t.db.collection('users').findOne({ _id: me.id as never });
    expect(stored).toMatchObject({
      isActive: false,
      deletedAt: expect.any(Date),
      deletedEmail: body.email,
      version: 2,
    });
    const again = await t.register(body);
    expect(again.id).not.toBe(me.id);
    expect((await login(body.email, body.password)).status).toBe(200);
  });

  it('answers 404 for an unknown or deleted user, and 400 for an empty or unknown body', async () => {
    const admins = await adminAuth();
    const me = await t.authAsNewUser();
    const unknown = '7f1e7a52-8c1b-4a5e-9d7e-8d1f2c3b4a5e';
    await t.http().put(`/api/v1/users/${unknown}`).set(admins).send({ name: 'x' }).expect(404);
    await t.http().delete(`/api/v1/users/${unknown}`).set(admins).expect(404);

    const empty = await t.http().put(`/api/v1/users/${me.id}`).set(me).send({}).expect(400);
    expect(empty.body.details).toEqual([{ field: 'body', reasons: ['body must contain name, roles or both'] }]);
    const extra = await t
      .http()
      .put(`/api/v1/users/${me.id}`)
      .set(me)
      .send({ name: 'x', email: 'new@example.com' })
      .expect(400);
    expect(extra.body.details.map((d: { field: string }) => d.field)).toEqual(['email']);
    for (const body of [
      { name: '' },
      { name: 'n'.repeat(101) },
      { roles: [] },
      { roles: ['root'] },
      { roles: 'buyer' },
      { password: 'newpassword' },
    ]) {
      await t.http().put(`/api/v1/users/${me.id}`).set(me).send(body).expect(400);
    }

    const victim = await t.authAsNewUser();
    await t.http().delete(`/api/v1/users/${victim.id}`).set(admins).expect(204);
    await t.http().put(`/api/v1/users/${victim.id}`).set(admins).send({ name: 'x' }).expect(404);
    await t.http().delete(`/api/v1/users/${victim.id}`).set(admins).expect(404);
  });

  describe('who may change whom', () => {
    type Actor = 'anonymous' | 'the user' | 'another user' | 'an admin';
    const actors: Actor[] = ['anonymous', 'the user', 'another user', 'an admin'];
    const expected: Record<Actor, { put: number; delete: number }> = {
      anonymous: { put: 401, delete: 401 },
      'the user': { put: 200, delete: 204 },
      'another user': { put: 403, delete: 403 },
      'an admin': { put: 200, delete: 204 },
    };

    const headersFor = async (actor: Actor, target: Auth): Promise<Record<string, string>> => {
      if (actor === 'anonymous') return {};
      if (actor === 'the user') return { Authorization: target.Authorization };
      if (actor === 'another user') return { Authorization: (await t.authAsNewUser()).Authorization };
      return adminAuth();
    };

    it.each(actors)('%s: PUT and DELETE', async (actor) => {
      const target = await t.authAsNewUser();
      const headers = await headersFor(actor, target);
      const put = await t.http().put(`/api/v1/users/${target.id}`).set(headers).send({ name: 'Renamed' });
      expect(put.status).toBe(expected[actor].put);
      const del = await t.http().delete(`/api/v1/users/${target.id}`).set(headers);
      expect(del.status).toBe(expected[actor].delete);
      const stored = await t.db.collection('users').findOne({ _id: target.id as never });
      expect(stored?.name === 'Renamed').toBe(expected[actor].put === 200);
      expect(stored?.isActive).toBe(expected[actor].delete !== 204);
    });

    it('a user may switch between buyer and seller', async () => {
      const me = await t.authAsNewUser();
      const response = await t
        .http()
        .put(`/api/v1/users/${me.id}`)
        .set(me)
        .send({ roles: ['seller'] })
        .expect(200);
      expect(response.body.roles).toEqual(['seller']);
    });

    it('a user may not make themself admin, and nothing is written', async () => {
      const me = await t.authAsNewUser();
      const response = await t
        .http()
        .put(`/api/v1/users/${me.id}`)
        .set(me)
        .send({ roles: ['buyer', 'admin'] })
        .expect(403);
      expect(response.body.message).toBe('only an admin may grant or remove the admin role');
      expect(await t.db.collection('users').findOne({ _id: me.id as never })).toMatchObject({
        roles: ['buyer'],
        version: 1,
      });
    });

    it('an admin may grant admin, the new admin acts as one at once, and loses it at once when demoted', async () => {
      const admins = await adminAuth();
      const promoted = await t.authAsNewUser();
      const bystander = await t.authAsNewUser();
      await t
        .http()
        .put(`/api/v1/users/${promoted.id}`)
        .set(admins)
        .send({ roles: ['buyer', 'admin'] })
        .expect(200);
      // The token was issued before the promotion: rights come from the current state.
      await t.http().put(`/api/v1/users/${bystander.id}`).set(promoted).send({ name: 'By Admin' }).expect(200);
      await t
        .http()
        .put(`/api/v1/users/${promoted.id}`)
        .set(admins)
        .send({ roles: ['buyer'] })
        .expect(200);
      await t.http().put(`/api/v1/users/${bystander.id}`).set(promoted).send({ name: 'Again' }).expect(403);
    });

    it('a user who is not an admin may not remove the admin role from an admin', async () => {
      const me = await t.authAsNewUser();
      const adminId = (await t.db.collection('users').findOne({ email: admin.email }))?._id as unknown as string;
      await t
        .http()
        .put(`/api/v1/users/${adminId}`)
        .set(me)
        .send({ roles: ['buyer'] })
        .expect(403);
    });
  });

  describe('optimistic concurrency', () => {
    it('answers 412 to a stale If-Match and applies a current one', async () => {
      const me = await t.authAsNewUser();
      const first = await t
        .http()
        .put(`/api/v1/users/${me.id}`)
        .set(me)
        .set('If-Match', '"1"')
        .send({ name: 'One' })
        .expect(200);
      expect(first.headers.etag).toBe('"2"');
      const stale = await t
        .http()
        .put(`/api/v1/users/${me.id}`)
        .set(me)
        .set('If-Match', '"1"')
        .send({ name: 'Lost' })
        .expect(412);
      expect(stale.body).toMatchObject({ statusCode: 412, message: 'the user has changed: current version is 2' });
      await t.http().delete(`/api/v1/users/${me.id}`).set(me).set('If-Match', '"1"').expect(412);
      await t.http().put(`/api/v1/users/${me.id}`).set(me).set('If-Match', 'W/"2"').send({ name: 'Weak' }).expect(412);
      await t.http().put(`/api/v1/users/${me.id}`).set(me).set('If-Match', '"2"').send({ name: 'Two' }).expect(200);
      await t.http().put(`/api/v1/users/${me.id}`).set(me).set('If-Match', '*').send({ name: 'Any' }).expect(200);
      expect(await t.db.collection('users').findOne({ _id: me.id as never })).toMatchObject({
        name: 'Any',
        version: 4,
      });
      await t.http().delete(`/api/v1/users/${me.id}`).set(me).set('If-Match', '"4"').expect(204);
    });

    it('gives each of N concurrent updates its own event, with versions 2..N+1 and no gaps', async () => {
      const n = 12;
      const me = await t.authAsNewUser();
      const responses = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          t
            .http()
            .put(`/api/v1/users/${me.id}`)
            .set(me)
            .send({ name: `Name ${i}` }),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(n).fill(200));
      expect(responses.map((r) => r.body.version).sort((a, b) => a - b)).toEqual(
        Array.from({ length: n }, (_, i) => i + 2),
      );

      const updates = await eventually(
        async () => (await t.streamEvents()).filter((e) => e.userId === me.id && e.type === 'UserUpdated'),
        (events) => events.length >= n,
        { what: `${n} UserUpdated events` },
      );
      expect(updates).toHaveLength(n);
      expect(updates.map((e) => e.version).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 2));
      const last = responses.find((r) => r.body.version === n + 1)!.body.name;
      const stored = await t.db.collection('users').findOne({ _id: me.id as never });
      expect(stored).toMatchObject({ version: n + 1, name: last });
      const view = await eventually(
        () => viewOf(me.id, me),
        (r) => r.body.version === n + 1,
        { what: 'the read model at the last version' },
      );
      expect(view.body.name).toBe(last);
    });
  });
});
