import { createHmac } from 'node:crypto';
import { aRegisterUserRequest } from '../fixtures/builders';
import { TEST_JWT_SECRET, TestApp } from '../support/test-app';

function b64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/** A token signed by hand, so every field and the algorithm can be chosen freely. */
function forge(header: Record<string, unknown>, payload: Record<string, unknown>, secret = TEST_JWT_SECRET): string {
  const body = `${b64url(header)}.${b64url(payload)}`;
  const algorithm = ({ HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' } as Record<string, string>)[
    String(header.alg)
  ];
  const signature = algorithm ? createHmac(algorithm, secret).update(body).digest('base64url') : '';
  return `${body}.${signature}`;
}

describe('login and access tokens', () => {
  let t: TestApp;
  const account = aRegisterUserRequest();
  let userId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    userId = (await t.register(account)).id;
  });

  afterAll(async () => {
    await t.close();
  });

  it('issues a Bearer token with its lifetime for the right password', async () => {
    const response = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: account.email, password: account.password });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 900,
    });
    const [header, payload] = (response.body.accessToken as string)
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toMatchObject({
      sub: userId,
      roles: ['buyer'],
      iss: 'users-service',
      aud: 'users-service',
    });
    expect(payload.exp - payload.iat).toBe(900);
  });

  it('accepts the email in any case and with spaces around it', async () => {
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({
        email: `  ${account.email.toUpperCase()} `,
        password: account.password,
      })
      .expect(200);
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const wrong = await t.http().post('/api/v1/auth/login').send({ email: account.email, password: 'wrong-password' });
    const unknown = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'nobody@example.com', password: 'wrong-password' });
    for (const response of [wrong, unknown]) {
      expect(response.status).toBe(401);
      expect(response.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'invalid email or password',
        traceId: expect.any(String),
      });
    }
    const headerNames = (r: typeof wrong) =>
      Object.keys(r.headers)
        .filter((h) => !['date', 'x-trace-id', 'traceparent'].includes(h))
        .sort();
    expect(headerNames(wrong)).toEqual(headerNames(unknown));
  });

  it('validates the login body like any other', async () => {
    const response = await t.http().post('/api/v1/auth/login').send({ email: 'x', password: 7, extra: 1 }).expect(400);
    expect(response.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'extra', 'password']);
  });

  describe('protected routes refuse a request without a valid token with 401', () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      sub: '7f1e7a52-8c1b-4a5e-9d7e-8d1f2c3b4a5e',
      roles: ['buyer'],
      iss: 'users-service',
      aud: 'users-service',
      iat: now,
    };
    let valid: string;

    beforeAll(async () => {
      const response = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: account.email, password: account.password });
      valid = response.body.accessToken;
    });

    const cases: Array<[string, () => string]> = [
      [
        'signed with another secret',
        () =>
          forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, exp: now + 600 }, 'another-secret-another-secret-another'),
      ],
      ['expired', () => forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, exp: now - 10 })],
      ['without exp', () => forge({ alg: 'HS256', typ: 'JWT' }, claims)],
      ['with alg none', () => forge({ alg: 'none', typ: 'JWT' }, { ...claims, exp: now + 600 })],
      ['with HS512', () => forge({ alg: 'HS512', typ: 'JWT' }, { ...claims, exp: now + 600 })],
      ['with a wrong issuer', () => forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, iss: 'evil', exp: now + 600 })],
      ['with a wrong audience', () => forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, aud: 'evil', exp: now + 600 })],
      [
        'not yet valid (nbf in the future)',
        () => forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, nbf: now + 600, exp: now + 1200 }),
      ],
      [
        'with admin smuggled into the payload',
        () => {
          const [h, , s] = valid.split('.');
          return `${h}.${b64url({ ...claims, roles: ['admin'], exp: now + 600 })}.${s}`;
        },
      ],
      ['with a truncated signature', () => valid.slice(0, -3)],
      ['that is not a JWT', () => 'not-a-token'],
    ];

    it.each(cases)('a token %s', async (_, token) => {
      const response = await t.http().get('/api/v1/users').set('Authorization', `Bearer ${token()}`);
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(response.body).toMatchObject({
        statusCode: 401,
        message: 'missing, invalid or expired access token',
      });
    });

    it.each(['/api/v1/users', '/api/v1/users/by-role/buyer', '/api/v1/users/7f1e7a52-8c1b-4a5e-9d7e-8d1f2c3b4a5e'])(
      'no token at all on %s',
      async (path) => {
        await t.http().get(path).expect(401);
      },
    );

    it('a valid token passed in the query string instead of the header', async () => {
      await t.http().get(`/api/v1/users?access_token=${valid}`).expect(401);
    });

    it('while the same token in the header is accepted', async () => {
      await t.http().get('/api/v1/users').set('Authorization', `Bearer ${valid}`).expect(200);
    });
  });
});
