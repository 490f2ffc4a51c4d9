import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { aRegisterUserRequest } from '../fixtures/builders';
import { AppProcess } from '../support/app-process';
import { b64url, forgeToken, validClaims } from '../support/jwt';
import { eventually } from '../support/poll';
import { isolatedEnv, TestApp } from '../support/test-app';

/**
 * RFC 8725 and OWASP ASVS V9: every protected route refuses every token that is not exactly
 * a token this service issued, unchanged and current, with 401.
 */
describe('forged and mangled tokens', () => {
  let t: TestApp;
  let victim: { Authorization: string; id: string };
  let real: string;
  let keyServer: Server;
  let keyServerHits = 0;
  let keyUrl: string;

  beforeAll(async () => {
    t = await TestApp.start({
      ADMIN_EMAIL: 'admin@example.com',
      ADMIN_PASSWORD: 'admin-password-1',
      LOG_LEVEL: 'warn',
    });
    victim = await t.authAsNewUser();
    real = victim.Authorization.slice('Bearer '.length);
    keyServer = createServer((_, response) => {
      keyServerHits++;
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"keys":[]}');
    });
    await new Promise<void>((resolve) => keyServer.listen(0, '127.0.0.1', resolve));
    keyUrl = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}/jwks.json`;
  });

  afterAll(async () => {
    await new Promise((resolve) => keyServer.close(resolve));
    await t.close();
  });

  const routes = (): Array<[string, string]> => [
    ['GET', '/api/v1/users'],
    ['GET', `/api/v1/users/${victim.id}`],
    ['GET', '/api/v1/users/by-role/buyer'],
    ['PUT', `/api/v1/users/${victim.id}`],
    ['DELETE', `/api/v1/users/${victim.id}`],
    ['GET', '/metrics'],
  ];

  function send(method: string, path: string, headers: Record<string, string> = {}) {
    const request = t.http()[method.toLowerCase() as 'get' | 'put' | 'delete'](path).set(headers);
    return method === 'PUT' ? request.send({ name: 'Hijacked' }) : request;
  }

  const part = (i: number) => real.split('.')[i]!;
  const h = () => part(0);
  const p = () => part(1);
  const s = () => part(2);
  const claims = () => validClaims(victim.id, ['admin']);

  const forged: Array<[string, () => string]> = [
    ['alg none, no signature', () => forgeToken({ alg: 'none', typ: 'JWT' }, claims())],
    ['alg none with a signature', () => `${b64url({ alg: 'none' })}.${b64url(claims())}.${s()}`],
    ['HS384', () => forgeToken({ alg: 'HS384', typ: 'JWT' }, claims())],
    ['HS512', () => forgeToken({ alg: 'HS512', typ: 'JWT' }, claims())],
    ['RS256 header over an HMAC signature', () => forgeToken({ alg: 'RS256', typ: 'JWT' }, claims())],
    [
      'one payload bit flipped',
      () => {
        const bytes = Buffer.from(p(), 'base64url');
        bytes[bytes.length - 3]! ^= 0x01;
        return `${h()}.${bytes.toString('base64url')}.${s()}`;
      },
    ],
    ['admin smuggled into the payload', () => `${h()}.${b64url(claims())}.${s()}`],
    ['a truncated signature', () => `${h()}.${p()}.${s().slice(0, -4)}`],
    ['a re-padded signature', () => `${h()}.${p()}.${s()}==`],
    [
      'a signature with its last character changed',
      () => `${h()}.${p()}.${s().slice(0, -1)}${s().endsWith('A') ? 'B' : 'A'}`,
    ],
    ['no signature part', () => `${h()}.${p()}`],
    [
      'exp in the past',
      () => forgeToken({ alg: 'HS256', typ: 'JWT' }, { ...claims(), exp: Math.floor(Date.now() / 1000) - 1 }),
    ],
    [
      'no exp',
      () => {
        const { exp: _exp, ...rest } = claims();
        return forgeToken({ alg: 'HS256', typ: 'JWT' }, rest);
      },
    ],
    [
      'nbf in the future',
      () => forgeToken({ alg: 'HS256', typ: 'JWT' }, { ...claims(), nbf: Math.floor(Date.now() / 1000) + 300 }),
    ],
    ['a wrong iss', () => forgeToken({ alg: 'HS256', typ: 'JWT' }, { ...claims(), iss: 'someone-else' })],
    ['a wrong aud', () => forgeToken({ alg: 'HS256', typ: 'JWT' }, { ...claims(), aud: 'another-api' })],
    [
      'no sub',
      () => {
        const { sub: _sub, ...rest } = claims();
        return forgeToken({ alg: 'HS256', typ: 'JWT' }, rest);
      },
    ],
    ['a kid header, even correctly signed', () => forgeToken({ alg: 'HS256', typ: 'JWT', kid: 'key-1' }, claims())],
    [
      'a jku header pointing at attacker keys',
      () => forgeToken({ alg: 'HS256', typ: 'JWT', jku: keyUrl }, claims(), 'attacker-secret-attacker-secret-1234'),
    ],
    [
      'an x5u header',
      () => forgeToken({ alg: 'HS256', typ: 'JWT', x5u: keyUrl }, claims(), 'attacker-secret-attacker-secret-1234'),
    ],
    [
      'an embedded jwk',
      () =>
        forgeToken(
          { alg: 'HS256', typ: 'JWT', jwk: { kty: 'oct', k: b64url('attacker-secret-attacker-secret-1234') } },
          claims(),
          'attacker-secret-attacker-secret-1234',
        ),
    ],
    [
      'signed with another secret',
      () => forgeToken({ alg: 'HS256', typ: 'JWT' }, claims(), 'another-secret-another-secret-0123456'),
    ],
    ['signed with the empty secret', () => forgeToken({ alg: 'HS256', typ: 'JWT' }, claims(), '')],
    ['garbage', () => 'not.a.token'],
  ];

  it.each(forged)('refuses %s on every protected route', async (_, token) => {
    for (const [method, path] of routes()) {
      const response = await send(method, path, { Authorization: `Bearer ${token()}` });
      expect({ route: `${method} ${path}`, status: response.status }).toEqual({
        route: `${method} ${path}`,
        status: 401,
      });
      expect(response.headers['www-authenticate']).toBe('Bearer');
    }
  });

  it('never fetches a key from a jku or x5u URL', () => {
    expect(keyServerHits).toBe(0);
  });

  it('ignores tokens in the query string, in the body and in other headers', async () => {
    for (const [method, path] of routes()) {
      expect((await send(method, `${path}?access_token=${real}`)).status).toBe(401);
      expect((await send(method, `${path}?token=${real}`)).status).toBe(401);
      expect((await send(method, path, { 'X-Access-Token': real, Cookie: `token=${real}` })).status).toBe(401);
    }
    const inBody = await t.http().put(`/api/v1/users/${victim.id}`).send({ name: 'x', accessToken: real });
    expect(inBody.status).toBe(401);
    expect((await t.http().get('/api/v1/users').set('Authorization', real)).status).toBe(401);
    expect((await t.http().get('/api/v1/users').set('Authorization', `Basic ${real}`)).status).toBe(401);
  });

  it('still accepts the genuine token, so the refusals above are not an accident', async () => {
    for (const [method, path] of routes().filter(([m, route]) => m === 'GET' && !route.includes('metrics'))) {
      expect((await send(method, path, { Authorization: `Bearer ${real}` })).status).toBe(200);
    }
  });

  it('issues tokens that live 15 minutes by default', async () => {
    const login = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'admin@example.com', password: 'admin-password-1' })
      .expect(200);
    const payload = JSON.parse(Buffer.from(String(login.body.accessToken).split('.')[1]!, 'base64url').toString());
    expect(payload.exp - payload.iat).toBe(900);
    expect(login.body.expiresIn).toBe(900);
  });

  it.each([
    [{ JWT_SECRET: 'short-secret' }, 'JWT_SECRET must be at least 32 bytes long'],
    [{ JWT_SECRET: 'replace-with-at-least-32-random-bytes' }, 'JWT_SECRET is a placeholder value'],
    [{ JWT_EXPIRES_IN: '48h' }, 'JWT_EXPIRES_IN must be between 60 and 86400 seconds'],
  ])('refuses to start with %j', async (env, message) => {
    const app = AppProcess.start(isolatedEnv(env));
    expect(await app.exitCode()).toBe(1);
    expect(app.output.join('\n')).toContain(message);
  });
});

describe('a token whose user is gone or demoted', () => {
  it('stops working at once', async () => {
    const t = await TestApp.start({
      ADMIN_EMAIL: 'boss@example.com',
      ADMIN_PASSWORD: 'boss-password-1',
      LOG_LEVEL: 'warn',
    });
    try {
      const boss = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'boss@example.com', password: 'boss-password-1' });
      const bossAuth = { Authorization: `Bearer ${boss.body.accessToken as string}` };
      const deputy = await t.authAsNewUser(aRegisterUserRequest());
      await t
        .http()
        .put(`/api/v1/users/${deputy.id}`)
        .set(bossAuth)
        .send({ roles: ['buyer', 'admin'] })
        .expect(200);
      await t.http().get('/metrics').set(deputy).expect(200);
      await t
        .http()
        .put(`/api/v1/users/${deputy.id}`)
        .set(bossAuth)
        .send({ roles: ['buyer'] })
        .expect(200);
      await t.http().get('/metrics').set(deputy).expect(403);
      await t.http().delete(`/api/v1/users/${deputy.id}`).set(bossAuth).expect(204);
      await t.http().get('/api/v1/users').set(deputy).expect(401);
    } finally {
      await t.close();
    }
  });
});

describe('another API process', () => {
  it('refuses a deleted user as soon as the event reaches it, long before its cache would expire', async () => {
    const a = await TestApp.start({ LOG_LEVEL: 'warn' });
    const b = await a.startAnother({ AUTH_CACHE_TTL_MS: '60000', LOG_LEVEL: 'warn' });
    try {
      const me = await a.authAsNewUser();
      await b.http().get('/api/v1/users').set(me).expect(200);
      await a.http().delete(`/api/v1/users/${me.id}`).set(me).expect(204);
      await a.http().get('/api/v1/users').set(me).expect(401);
      const started = Date.now();
      await eventually(
        () => b.http().get('/api/v1/users').set(me),
        (response) => response.status === 401,
        { what: 'the other process to drop its cached access', timeoutMs: 5000, intervalMs: 20 },
      );
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await b.close({ keepData: true });
      await a.close();
    }
  });
});
