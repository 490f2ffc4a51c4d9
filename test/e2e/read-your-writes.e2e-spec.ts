import { TestApp } from '../support/test-app';

/** Queries can ask to see at least the version a command just answered with. */
describe('read your writes', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({ READ_YOUR_WRITES_TIMEOUT_MS: '5000' });
  });

  afterAll(async () => {
    await t.close();
  });

  it('waits for the version a command returned, on GET by id and on lists', async () => {
    const me = await t.authAsNewUser();
    const update = await t.http().put(`/api/v1/users/${me.id}`).set(me).send({ name: 'Fresh' }).expect(200);
    const version = update.body.version as number;

    const byHeader = await t
      .http()
      .get(`/api/v1/users/${me.id}`)
      .set(me)
      .set('X-Min-Version', String(version))
      .expect(200);
    expect(byHeader.body).toMatchObject({ name: 'Fresh', version });
    const byQuery = await t.http().get(`/api/v1/users/${me.id}?minVersion=${version}`).set(me).expect(200);
    expect(byQuery.body.version).toBe(version);

    await t
      .http()
      .put(`/api/v1/users/${me.id}`)
      .set(me)
      .send({ roles: ['seller'] })
      .expect(200);
    const sellers = await t
      .http()
      .get('/api/v1/users/by-role/seller?limit=100')
      .set(me)
      .set('X-Min-Version', `${me.id}:${version + 1}`)
      .expect(200);
    expect(sellers.body.data.map((u: { id: string }) => u.id)).toContain(me.id);
  });

  it('refuses a malformed minimum version with 400', async () => {
    const me = await t.authAsNewUser();
    for (const value of ['0', '-1', 'abc', '1.5', '99999999999']) {
      await t.http().get(`/api/v1/users/${me.id}`).set(me).set('X-Min-Version', value).expect(400);
    }
    await t.http().get('/api/v1/users').set(me).set('X-Min-Version', '3').expect(400);
    await t.http().get('/api/v1/users').set(me).set('X-Min-Version', 'not-a-uuid:3').expect(400);
  });
});

describe('read your writes when the projection is not running', () => {
  let t: TestApp;

  beforeAll(async () => {
    // An API process alone: nothing applies events, so the read model never catches up.
    t = await TestApp.start({ APP_ROLE: 'api', READ_YOUR_WRITES_TIMEOUT_MS: '300' });
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers 503 after the bounded wait rather than stale data', async () => {
    const me = await t.authAsNewUser();
    const started = Date.now();
    const response = await t.http().get(`/api/v1/users/${me.id}`).set(me).set('X-Min-Version', '1').expect(503);
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(300);
    expect(waited).toBeLessThan(3000);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.body.message).toBe(`the read model has not reached version 1 of user ${me.id} yet; retry shortly`);
    await t.http().get(`/api/v1/users/${me.id}`).set(me).expect(404);
  });
});
