import { aRegisterUserRequest } from '../fixtures/builders';
import { TestApp } from '../support/test-app';

type Actor = 'anonymous' | 'the user' | 'another user' | 'an admin';

/** A user document without its outbox, which the relay empties on its own schedule. */
function stateOf(doc: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!doc) return doc;
  const { outbox: _outbox, outboxIds: _outboxIds, ...state } = doc;
  return state;
}
const ACTORS: Actor[] = ['anonymous', 'the user', 'another user', 'an admin'];

/**
 * The access-control table of the README, row by row: every route, for each of anonymous,
 * the user it is about, another user and an admin, gives exactly the documented answer.
 */
describe('access control, route by route', () => {
  let t: TestApp;
  const adminCredentials = { email: 'root@example.com', password: 'root-password-1' };

  beforeAll(async () => {
    t = await TestApp.start({
      ADMIN_EMAIL: adminCredentials.email,
      ADMIN_PASSWORD: adminCredentials.password,
      LOG_LEVEL: 'warn',
    });
  });

  afterAll(async () => {
    await t.close();
  });

  /** A fresh target user and the headers of the actor. */
  async function scene(
    actor: Actor,
  ): Promise<{ target: { id: string; Authorization: string }; headers: Record<string, string> }> {
    const target = await t.authAsNewUser();
    if (actor === 'anonymous') return { target, headers: {} };
    if (actor === 'the user') return { target, headers: { Authorization: target.Authorization } };
    if (actor === 'another user')
      return { target, headers: { Authorization: (await t.authAsNewUser()).Authorization } };
    const login = await t.http().post('/api/v1/auth/login').send(adminCredentials).expect(200);
    return { target, headers: { Authorization: `Bearer ${login.body.accessToken as string}` } };
  }

  const table: Array<{
    route: string;
    expected: Record<Actor, number>;
    call: (target: { id: string }, headers: Record<string, string>) => Promise<{ status: number }>;
  }> = [
    {
      route: 'POST /api/v1/auth/register',
      expected: { anonymous: 201, 'the user': 201, 'another user': 201, 'an admin': 201 },
      call: (_, headers) => t.http().post('/api/v1/auth/register').set(headers).send(aRegisterUserRequest()),
    },
    {
      route: 'POST /api/v1/auth/login',
      expected: { anonymous: 401, 'the user': 401, 'another user': 401, 'an admin': 401 },
      call: (_, headers) =>
        t.http().post('/api/v1/auth/login').set(headers).send({ email: 'nobody@example.com', password: 'whatever1' }),
    },
    {
      route: 'GET /api/v1/users',
      expected: { anonymous: 401, 'the user': 200, 'another user': 200, 'an admin': 200 },
      call: (_, headers) => t.http().get('/api/v1/users').set(headers),
    },
    {
      route: 'GET /api/v1/users/by-role/:role',
      expected: { anonymous: 401, 'the user': 200, 'another user': 200, 'an admin': 200 },
      call: (_, headers) => t.http().get('/api/v1/users/by-role/seller').set(headers),
    },
    {
      route: 'GET /api/v1/users/:id',
      expected: { anonymous: 401, 'the user': 200, 'another user': 200, 'an admin': 200 },
      call: (target, headers) => t.http().get(`/api/v1/users/${target.id}`).set(headers).set('X-Min-Version', '1'),
    },
    {
      route: 'PUT /api/v1/users/:id (name, buyer/seller)',
      expected: { anonymous: 401, 'the user': 200, 'another user': 403, 'an admin': 200 },
      call: (target, headers) =>
        t
          .http()
          .put(`/api/v1/users/${target.id}`)
          .set(headers)
          .send({ name: 'New', roles: ['seller'] }),
    },
    {
      route: 'PUT /api/v1/users/:id granting admin',
      expected: { anonymous: 401, 'the user': 403, 'another user': 403, 'an admin': 200 },
      call: (target, headers) =>
        t
          .http()
          .put(`/api/v1/users/${target.id}`)
          .set(headers)
          .send({ roles: ['buyer', 'admin'] }),
    },
    {
      route: 'DELETE /api/v1/users/:id',
      expected: { anonymous: 401, 'the user': 204, 'another user': 403, 'an admin': 204 },
      call: (target, headers) => t.http().delete(`/api/v1/users/${target.id}`).set(headers),
    },
    {
      route: 'GET /metrics',
      expected: { anonymous: 401, 'the user': 403, 'another user': 403, 'an admin': 200 },
      call: (_, headers) => t.http().get('/metrics').set(headers),
    },
    ...['/health/live', '/health/ready', '/docs-json'].map((path) => ({
      route: `GET ${path}`,
      expected: { anonymous: 200, 'the user': 200, 'another user': 200, 'an admin': 200 },
      call: (_: { id: string }, headers: Record<string, string>) => t.http().get(path).set(headers),
    })),
  ];

  describe.each(table)('$route', ({ expected, call }) => {
    it.each(ACTORS)('%s', async (actor) => {
      const { target, headers } = await scene(actor);
      const before = stateOf(await t.db.collection('users').findOne({ _id: target.id as never }));
      const response = await call(target, headers);
      expect(response.status).toBe(expected[actor]);
      if (response.status >= 400) {
        const after = stateOf(await t.db.collection('users').findOne({ _id: target.id as never }));
        expect(after).toEqual(before);
      }
    });
  });

  it('lets nobody change an email, a password hash, or an id through the API', async () => {
    const me = await t.authAsNewUser();
    const other = await t.authAsNewUser();
    const before = stateOf(await t.db.collection('users').findOne({ _id: me.id as never }));
    for (const body of [
      { email: 'new@example.com' },
      { email: (await t.db.collection('users').findOne({ _id: other.id as never }))?.email },
      { password: 'a-new-password' },
      { passwordHash: '$2b$04$abcdefghijklmnopqrstuu9P6Pz8o3VdB0tqEoVa6f1tBx2c7nV2' },
      { id: other.id },
      { _id: other.id },
      { version: 1 },
      { isActive: true },
      { name: 'ok', email: 'sneaky@example.com' },
    ]) {
      await t.http().put(`/api/v1/users/${me.id}`).set(me).send(body).expect(400);
    }
    expect(stateOf(await t.db.collection('users').findOne({ _id: me.id as never }))).toEqual(before);
  });
});
