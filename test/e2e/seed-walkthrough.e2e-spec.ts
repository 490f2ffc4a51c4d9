import { aRegisterUserRequest } from '../fixtures/builders';
import { eventually } from '../support/poll';
import { TestApp } from '../support/test-app';

/**
 * The seed-003 walkthrough, through HTTP against real FerretDB and NATS JetStream:
 * register several users with several roles, log in, read them back by id, page through
 * the list and the by-role lists once the read model has converged.
 */
describe('register, log in and read users through the CQRS pipeline', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
  });

  afterAll(async () => {
    await t.close();
  });

  it('follows the seed walkthrough end to end', async () => {
    const requests = [
      aRegisterUserRequest({ roles: ['buyer'] }),
      aRegisterUserRequest({ roles: ['seller'] }),
      aRegisterUserRequest({ roles: ['buyer', 'seller'] }),
      aRegisterUserRequest({ roles: undefined }),
      aRegisterUserRequest({ roles: ['seller'] }),
    ];
    const created = [];
    for (const body of requests) {
      const response = await t.http().post('/api/v1/auth/register').send(body).expect(201);
      expect(response.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        email: body.email,
        name: body.name,
        roles: body.roles ?? ['buyer'],
        isActive: true,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        version: 1,
      });
      created.push(response.body as { id: string; email: string; roles: string[] });
    }

    const login = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: requests[0]?.email, password: 'password123' })
      .expect(200);
    expect(login.body).toEqual({
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 900,
    });
    const auth = {
      Authorization: `Bearer ${login.body.accessToken as string}`,
    };

    const first = created[0]!;
    const byId = await eventually(
      () => t.http().get(`/api/v1/users/${first.id}`).set(auth),
      (response) => response.status === 200,
      { what: 'the first user in the read model' },
    );
    expect(byId.body).toEqual({
      id: first.id,
      email: first.email,
      name: requests[0]?.name,
      roles: ['buyer'],
      isActive: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      version: 1,
      roleCount: 1,
      isBuyer: true,
      isSeller: false,
    });

    const all = await eventually(
      () => t.http().get('/api/v1/users?limit=100&offset=0').set(auth),
      (response) => response.body.total === created.length,
      { what: 'every user in the read model' },
    );
    expect(all.body.data.map((u: { id: string }) => u.id)).toEqual(created.map((u) => u.id));

    const pages = [];
    for (let offset = 0; offset < created.length; offset += 2) {
      const page = await t.http().get(`/api/v1/users?limit=2&offset=${offset}`).set(auth).expect(200);
      expect(page.body).toMatchObject({
        total: created.length,
        limit: 2,
        offset,
      });
      pages.push(...page.body.data.map((u: { id: string }) => u.id));
    }
    expect(pages).toEqual(created.map((u) => u.id));

    const sellers = await t.http().get('/api/v1/users/by-role/seller?limit=20&offset=0').set(auth).expect(200);
    const expectedSellers = created.filter((u) => u.roles.includes('seller')).map((u) => u.id);
    expect(sellers.body.total).toBe(expectedSellers.length);
    expect(sellers.body.data.map((u: { id: string }) => u.id)).toEqual(expectedSellers);

    const buyers = await t.http().get('/api/v1/users/by-role/buyer').set(auth).expect(200);
    expect(buyers.body).toMatchObject({ total: 3, limit: 20, offset: 0 });
  });

  it('publishes one UserCreated per registration, in order, deduplicated by event id', async () => {
    const bodies = [aRegisterUserRequest(), aRegisterUserRequest({ roles: ['seller'] })];
    const ids: string[] = [];
    for (const body of bodies) {
      ids.push((await t.http().post('/api/v1/auth/register').send(body).expect(201)).body.id);
    }
    const events = await eventually(
      () => t.streamEvents(),
      (all) => ids.every((id) => all.some((event) => event.userId === id)),
      { what: 'the UserCreated events on the stream' },
    );
    const mine = events.filter((event) => ids.includes(event.userId));
    expect(mine.map((event) => [event.type, event.userId, event.version])).toEqual([
      ['UserCreated', ids[0], 1],
      ['UserCreated', ids[1], 1],
    ]);
    for (const event of mine) {
      expect(event).toMatchObject({
        schemaVersion: 1,
        eventId: expect.any(String),
        traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
      expect(JSON.stringify(event)).not.toMatch(/password|\$2[aby]\$/i);
    }
  });

  it('logs the seed lines for the projection and the welcome e-mail under one trace id', async () => {
    const response = await t.http().post('/api/v1/auth/register').send(aRegisterUserRequest()).expect(201);
    const userId = response.body.id as string;
    const traceId = response.headers['x-trace-id'];
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const expected = ['UserCreated event received', 'Read model updated successfully', 'Sending welcome email to user'];
    await eventually(
      () => t.logs.filter((line) => line.user_id === userId),
      (lines) => expected.every((msg) => lines.some((line) => line.msg === msg)),
      { what: 'the projection and welcome e-mail log lines' },
    );
    for (const msg of expected) {
      expect(t.logs.find((line) => line.user_id === userId && line.msg === msg)).toMatchObject({ trace_id: traceId });
    }
  });
});
