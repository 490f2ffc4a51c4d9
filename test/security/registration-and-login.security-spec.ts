import { aRegisterUserRequest } from '../fixtures/builders';
import { TestApp } from '../support/test-app';

/** OWASP ASVS V6 (authentication) and V15 (business logic) on the two public routes. */
describe('registration and login under attack', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({ LOG_LEVEL: 'warn' });
  });

  afterAll(async () => {
    await t.close();
  });

  const users = () => t.db.collection('users');

  it.each([
    ['roles: ["admin"]', { roles: ['admin'] }],
    ['roles: ["buyer", "admin"]', { roles: ['buyer', 'admin'] }],
    ['role', { role: 'admin' }],
    ['isAdmin', { isAdmin: true }],
    ['_id', { _id: '7f1e7a52-8c1b-4a5e-9d7e-8d1f2c3b4a5e' }],
    ['id', { id: '7f1e7a52-8c1b-4a5e-9d7e-8d1f2c3b4a5e' }],
    ['version', { version: 99 }],
    ['passwordHash', { passwordHash: '$2b$04$abcdefghijklmnopqrstuu9P6Pz8o3VdB0tqEoVa6f1tBx2c7nV2' }],
    ['isActive', { isActive: false }],
    ['createdAt', { createdAt: '2000-01-01T00:00:00.000Z' }],
  ])('never lets %s take effect: 400 and nothing written', async (_, extra) => {
    const body = { ...aRegisterUserRequest(), ...extra };
    const response = await t.http().post('/api/v1/auth/register').send(body).expect(400);
    expect(response.body.details.length).toBeGreaterThan(0);
    expect(await users().countDocuments({ email: body.email })).toBe(0);
  });

  it('causes no prototype pollution through __proto__ or constructor keys', async () => {
    const payloads = [
      '{"__proto__":{"isAdmin":true,"polluted":"yes"},"email":"p1@example.com","password":"password123","name":"P"}',
      '{"constructor":{"prototype":{"polluted":"yes"}},"email":"p2@example.com","password":"password123","name":"P"}',
      '{"email":"p3@example.com","password":"password123","name":"P","roles":["buyer"],"__proto__":{"roles":["admin"]}}',
    ];
    for (const raw of payloads) {
      const response = await t.http().post('/api/v1/auth/register').set('Content-Type', 'application/json').send(raw);
      expect(response.status).toBe(400);
    }
    const login = await t
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"__proto__":{"x":1},"email":"a@b.co","password":"x"}');
    expect(login.status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(
      await users().countDocuments({ email: { $in: ['p1@example.com', 'p2@example.com', 'p3@example.com'] } }),
    ).toBe(0);
  });

  it('lets exactly one of concurrent registrations of one address in case, space and Unicode variants succeed', async () => {
    const nfc = 'jos\u00e9.variant@example.com';
    const variants = [
      nfc,
      'jose\u0301.variant@example.com',
      'JOS\u00c9.VARIANT@EXAMPLE.COM',
      ' jos\u00e9.variant@example.com ',
      'JOSE\u0301.Variant@Example.com',
      '\tjos\u00e9.variant@example.com\n',
    ];
    const responses = await Promise.all(
      [...variants, ...variants].map((email) =>
        t.http().post('/api/v1/auth/register').send(aRegisterUserRequest({ email })),
      ),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(variants.length * 2 - 1);
    expect(await users().countDocuments({ email: nfc })).toBe(1);
  });

  it('verifies passwords exactly as sent: no truncation past 72 bytes, no NUL, spaces and emoji kept', async () => {
    const exact = aRegisterUserRequest({ password: `${'a'.repeat(71)}b` });
    await t.register(exact);
    const login = (password: string) => t.http().post('/api/v1/auth/login').send({ email: exact.email, password });
    await login(exact.password).expect(200);
    // bcrypt would see only the first 72 bytes of these: the service refuses them instead.
    await login(`${exact.password}extra`).expect(400);
    await t
      .http()
      .post('/api/v1/auth/register')
      .send(aRegisterUserRequest({ password: 'x'.repeat(73) }))
      .expect(400);
    await login(`${'a'.repeat(71)}b\u0000`).expect(400);
    await login(`${'a'.repeat(71)}c`).expect(401);

    const spaced = aRegisterUserRequest({ password: '  spaced 🔑 pass  ' });
    await t.register(spaced);
    await t.http().post('/api/v1/auth/login').send({ email: spaced.email, password: spaced.password }).expect(200);
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: spaced.email, password: spaced.password.trim() })
      .expect(401);
    await t.http().post('/api/v1/auth/login').send({ email: spaced.email, password: '  spaced 🗝 pass  ' }).expect(401);
  });
});

describe('the common-password denylist', () => {
  it('is off by default, and refuses common passwords once PASSWORD_DENYLIST is on', async () => {
    const off = await TestApp.start({ LOG_LEVEL: 'warn' });
    try {
      await off.register(aRegisterUserRequest({ password: 'password123' }));
    } finally {
      await off.close();
    }
    const on = await TestApp.start({ PASSWORD_DENYLIST: 'true', LOG_LEVEL: 'warn' });
    try {
      for (const password of ['password123', 'Password123', 'qwertyuiop', 'iloveyou', '1q2w3e4r5t']) {
        const body = aRegisterUserRequest({ password });
        const response = await on.http().post('/api/v1/auth/register').send(body).expect(400);
        expect(response.body.details).toEqual([
          { field: 'password', reasons: ['password is one of the most common passwords; choose another'] },
        ]);
        expect(await on.db.collection('users').countDocuments({ email: body.email })).toBe(0);
      }
      await on.register(aRegisterUserRequest({ password: 'correct horse battery staple' }));
    } finally {
      await on.close();
    }
  });
});

describe('rate limits on login and register', () => {
  it('answers 429 with Retry-After past the limit, per route, and ignores X-Forwarded-For by default', async () => {
    const t = await TestApp.start({
      RATE_LIMIT_LOGIN_PER_MINUTE: '3',
      RATE_LIMIT_REGISTER_PER_MINUTE: '2',
      LOG_LEVEL: 'warn',
    });
    try {
      const attempt = (forwardedFor: string) =>
        t
          .http()
          .post('/api/v1/auth/login')
          .set('X-Forwarded-For', forwardedFor)
          .send({ email: 'x@example.com', password: 'wrong-password' });
      for (let i = 0; i < 3; i++) expect((await attempt(`10.0.0.${i}`)).status).toBe(401);
      const limited = await attempt('10.0.0.99');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.body).toMatchObject({
        statusCode: 429,
        message: 'too many requests from this address; retry later',
      });

      await t.http().post('/api/v1/auth/register').send(aRegisterUserRequest()).expect(201);
      await t.http().post('/api/v1/auth/register').send(aRegisterUserRequest()).expect(201);
      const body = aRegisterUserRequest();
      await t.http().post('/api/v1/auth/register').send(body).expect(429);
      expect(await t.db.collection('users').countDocuments({ email: body.email })).toBe(0);
      // Other routes are not limited.
      await t.http().get('/health/live').expect(200);
    } finally {
      await t.close();
    }
  });

  it('counts each client behind a trusted proxy separately', async () => {
    const t = await TestApp.start({ RATE_LIMIT_LOGIN_PER_MINUTE: '2', TRUST_PROXY: '127.0.0.1', LOG_LEVEL: 'warn' });
    try {
      const attempt = (client: string) =>
        t
          .http()
          .post('/api/v1/auth/login')
          .set('X-Forwarded-For', client)
          .send({ email: 'x@example.com', password: 'wrong-password' });
      expect((await attempt('203.0.113.1')).status).toBe(401);
      expect((await attempt('203.0.113.1')).status).toBe(401);
      expect((await attempt('203.0.113.1')).status).toBe(429);
      expect((await attempt('203.0.113.2')).status).toBe(401);
    } finally {
      await t.close();
    }
  });
});

describe('login timing', () => {
  it('takes the same time for an unknown email and a wrong password (medians of 200 interleaved samples under 5 ms apart)', async () => {
    const t = await TestApp.start({ BCRYPT_COST: '8', LOG_LEVEL: 'warn' });
    try {
      const known = aRegisterUserRequest();
      await t.register(known);
      const url = await t.app.getUrl();
      const time = async (email: string): Promise<number> => {
        const started = performance.now();
        const response = await fetch(`${url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ email, password: 'not-the-password' }),
        });
        await response.text();
        if (response.status !== 401) throw new Error(`expected 401, got ${response.status}`);
        return performance.now() - started;
      };
      for (let i = 0; i < 10; i++) await time(i % 2 ? known.email : 'nobody@example.com');
      const wrongPassword: number[] = [];
      const unknownEmail: number[] = [];
      for (let i = 0; i < 200; i++) {
        wrongPassword.push(await time(known.email));
        unknownEmail.push(await time(`nobody-${i}@example.com`));
      }
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      const difference = Math.abs(median(wrongPassword) - median(unknownEmail));
      expect(median(wrongPassword)).toBeGreaterThan(5);
      expect(difference).toBeLessThan(5);
    } finally {
      await t.close();
    }
  });
});
