import { aRegisterUserRequest } from '../fixtures/builders';
import { TestApp } from '../support/test-app';

/** OWASP ASVS V1/V2 (validation) and V13 (configuration): hostile input and response hygiene. */
describe('hostile input', () => {
  let t: TestApp;
  let auth: { Authorization: string; id: string };

  beforeAll(async () => {
    t = await TestApp.start({ LOG_LEVEL: 'warn' });
    auth = await t.authAsNewUser(aRegisterUserRequest({ email: 'known@example.com' }));
  });

  afterAll(async () => {
    await t.close();
  });

  it.each([
    ['email as an operator', { email: { $ne: null }, password: 'password123' }],
    ['email $gt', { email: { $gt: '' }, password: 'password123' }],
    ['password as an operator', { email: 'known@example.com', password: { $ne: null } }],
    ['both as operators', { email: { $regex: '.*' }, password: { $exists: true } }],
    ['email as an array', { email: ['known@example.com'], password: 'password123' }],
  ])('login with %s: 400, never a match', async (_, body) => {
    const response = await t.http().post('/api/v1/auth/login').send(body);
    expect(response.status).toBe(400);
    expect(response.body.accessToken).toBeUndefined();
  });

  it('register with operators in fields: 400, nothing written', async () => {
    const count = await t.db.collection('users').countDocuments();
    for (const body of [
      { ...aRegisterUserRequest(), email: { $gt: '' } },
      { ...aRegisterUserRequest(), name: { $ne: null } },
      { ...aRegisterUserRequest(), roles: [{ $ne: 'x' }] },
    ]) {
      await t.http().post('/api/v1/auth/register').send(body).expect(400);
    }
    expect(await t.db.collection('users').countDocuments()).toBe(count);
  });

  it.each([
    '/api/v1/users?limit[$gt]=0',
    '/api/v1/users?offset[$ne]=1',
    '/api/v1/users?limit=10&offset[$gt]=-1',
    '/api/v1/users?%24where=1',
    '/api/v1/users/by-role/buyer?role[$ne]=x',
    '/api/v1/users/by-role/buyer?limit[$gt]=0',
    '/api/v1/users/by-role/%24ne',
    '/api/v1/users/by-role/buyer%00',
  ])('query operators through the list and its count: 400 for %s', async (path) => {
    const response = await t.http().get(path).set(auth);
    expect(response.status).toBe(400);
    expect(response.body.total).toBeUndefined();
  });

  it.each([
    ['-1', 400],
    ['0', 400],
    ['1e9', 400],
    ['1e12', 400],
    ['abc', 400],
    ['1.5', 400],
    ['', 400],
    ['0x10', 400],
    ['100', 200],
  ])('limit=%s answers %i', async (value, status) => {
    await t.http().get(`/api/v1/users?limit=${value}`).set(auth).expect(status);
  });

  it.each([
    ['-1', 400],
    ['1e9', 400],
    ['1e12', 400],
    ['abc', 400],
    ['1.5', 400],
    ['1000000', 200],
    ['1000001', 400],
  ])('offset=%s answers %i', async (value, status) => {
    await t.http().get(`/api/v1/users?offset=${value}`).set(auth).expect(status);
  });

  it.each([
    '..%2F..%2Fetc%2Fpasswd',
    '%2E%2E%2F%2E%2E%2Fetc',
    '%00',
    "'%20OR%20'1'%3D'1",
    '%7B%22%24ne%22%3A1%7D',
    'a'.repeat(5000),
    '7f1e7a52-8c1b-4a5e-9d7e-8d1f2c3b4a5e%00',
    '7F1E7A52-8C1B-4A5E-9D7E-8D1F2C3B4A5E',
    '%F0%9F%92%A9',
    '%FF%FE',
  ])("path id %s: a 4xx (400, 404, 414 too long, 403 for someone else's id), never 5xx", async (id) => {
    for (const method of ['get', 'put', 'delete'] as const) {
      const request = t.http()[method](`/api/v1/users/${id}`).set(auth);
      const response = await (method === 'put' ? request.send({ name: 'x' }) : request);
      expect([400, 403, 404, 414]).toContain(response.status);
      if (method === 'get') expect([400, 404, 414]).toContain(response.status);
    }
  });

  it('refuses a 2 MB body, a 100 kB password and JSON nested 10,000 deep quickly, before any hashing', async () => {
    const cases = [
      JSON.stringify({ ...aRegisterUserRequest(), name: 'x'.repeat(2 * 1024 * 1024) }),
      JSON.stringify({ ...aRegisterUserRequest(), password: 'p'.repeat(100 * 1024) }),
      `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
      `{"email":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`,
    ];
    for (const raw of cases) {
      const started = Date.now();
      const response = await t.http().post('/api/v1/auth/register').set('Content-Type', 'application/json').send(raw);
      expect(response.status).toBe(413);
      expect(Date.now() - started).toBeLessThan(1000);
    }
    // Deep nesting that fits in 16 KiB is parsed and refused as a bad body, not a crash.
    const nested = await t
      .http()
      .post('/api/v1/auth/register')
      .set('Content-Type', 'application/json')
      .send(`${'['.repeat(8000)}${']'.repeat(8000)}`);
    expect(nested.status).toBe(400);
    await t.http().get('/health/live').expect(200);
  });

  it.each([
    ['text/plain', 'email=x', 415],
    ['application/x-www-form-urlencoded', 'email=x&password=y', 415],
    ['multipart/form-data; boundary=x', '--x\r\n\r\n--x--', 415],
    ['application/xml', '<a/>', 415],
    ['application/json', 'not json', 400],
  ])('content type %s: %i', async (type, body, status) => {
    const response = await t.http().post('/api/v1/auth/register').set('Content-Type', type).send(body);
    expect(response.status).toBe(status);
  });
});

describe('response hygiene', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({ LOG_LEVEL: 'warn' });
  });

  afterAll(async () => {
    await t.close();
  });

  it('sends JSON with its content type, security headers and no X-Powered-By, on success and on error', async () => {
    const auth = await t.authAsNewUser();
    for (const response of [
      await t.http().get('/api/v1/users').set(auth),
      await t.http().get('/api/v1/users/not-a-uuid').set(auth),
      await t.http().get('/nowhere'),
      await t.http().post('/api/v1/auth/login').send({}),
    ]) {
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(response.headers['x-powered-by']).toBeUndefined();
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(response.headers['strict-transport-security']).toContain('max-age=');
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
      expect(response.body).toHaveProperty(response.status < 400 ? 'data' : 'traceId');
    }
  });

  it('answers unknown routes and wrong methods without detail', async () => {
    const unknown = await t.http().get('/api/v1/secret').expect(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    const wrongMethod = await t.http().patch('/api/v1/users/7f1e7a52-8c1b-4a5e-9d7e-8d1f2c3b4a5e');
    expect([401, 404, 405]).toContain(wrongMethod.status);
  });

  it('sends no CORS headers unless CORS_ORIGINS allows the origin', async () => {
    const preflight = await t
      .http()
      .options('/api/v1/users')
      .set('Origin', 'https://evil.example.com')
      .set('Access-Control-Request-Method', 'GET');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const simple = await t.http().get('/health/live').set('Origin', 'https://evil.example.com');
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();

    const open = await TestApp.start({ CORS_ORIGINS: 'https://app.example.com', LOG_LEVEL: 'warn' });
    try {
      const allowed = await open
        .http()
        .options('/api/v1/users')
        .set('Origin', 'https://app.example.com')
        .set('Access-Control-Request-Method', 'GET');
      expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
      const refused = await open.http().get('/health/live').set('Origin', 'https://evil.example.com');
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await open.close();
    }
  });
});
