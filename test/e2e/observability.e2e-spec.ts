import { MetricsServer } from '../../src/infrastructure/metrics/metrics-server';
import { aRegisterUserRequest } from '../fixtures/builders';
import { eventually } from '../support/poll';
import { TestApp } from '../support/test-app';

/** Reads one sample of a Prometheus text exposition, 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (wanted.every((pair) => line.includes(pair))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}

describe('health, metrics and API documentation', () => {
  let t: TestApp;
  const admin = { email: 'ops@example.com', password: 'ops-password-1' };
  let adminAuth: { Authorization: string };

  beforeAll(async () => {
    t = await TestApp.start({ ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, LOG_LEVEL: 'warn' });
    const login = await t.http().post('/api/v1/auth/login').send(admin).expect(200);
    adminAuth = { Authorization: `Bearer ${login.body.accessToken as string}` };
  });

  afterAll(async () => {
    await t.close();
  });

  const scrape = async () => (await t.http().get('/metrics').set(adminAuth).expect(200)).text;

  it('answers liveness and readiness publicly, without secrets', async () => {
    await t.http().get('/health/live').expect(200, { status: 'ok' });
    const ready = await eventually(
      () => t.http().get('/health/ready'),
      (r) => r.status === 200,
      { what: 'readiness' },
    );
    expect(ready.body).toMatchObject({
      status: 'ok',
      info: {
        mongodb: { status: 'up' },
        nats: { status: 'up' },
        stream: { status: 'up' },
        'consumer:users-read-projection': { status: 'up', pending: expect.any(Number) },
        'consumer:welcome-email': { status: 'up' },
        outbox: { status: 'up', pending: expect.any(Number) },
      },
    });
    expect(ready.text).not.toMatch(/mongodb:\/\/|nats:\/\/|secret/i);
  });

  it('keeps /metrics on the API port for admins only', async () => {
    await t.http().get('/metrics').expect(401);
    const user = await t.authAsNewUser();
    await t.http().get('/metrics').set({ Authorization: user.Authorization }).expect(403);
    const response = await t.http().get('/metrics').set(adminAuth).expect(200);
    expect(response.headers['content-type']).toContain('text/plain');
  });

  it('moves the counters by exactly what a known sequence of requests does', async () => {
    const before = await scrape();
    const bodies = [aRegisterUserRequest(), aRegisterUserRequest()];
    for (const body of bodies) await t.register(body);
    await t.http().post('/api/v1/auth/register').send(bodies[0]).expect(409);
    await t.http().post('/api/v1/auth/register').send({}).expect(400);
    await eventually(
      async () =>
        sample(await scrape(), 'events_consumed_total', { consumer: 'users-read-projection', type: 'UserCreated' }),
      (n) =>
        n === sample(before, 'events_consumed_total', { consumer: 'users-read-projection', type: 'UserCreated' }) + 2,
      { what: 'the projection to consume both events' },
    );
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) =>
      sample(after, name, labels) - sample(before, name, labels);

    expect(delta('http_request_duration_seconds_count', { route: '/api/v1/auth/register', status_code: '201' })).toBe(
      2,
    );
    expect(delta('http_request_duration_seconds_count', { route: '/api/v1/auth/register', status_code: '409' })).toBe(
      1,
    );
    expect(delta('http_request_duration_seconds_count', { route: '/api/v1/auth/register', status_code: '400' })).toBe(
      1,
    );
    expect(delta('commands_total', { command: 'RegisterUserCommand', outcome: 'ok' })).toBe(2);
    expect(delta('commands_total', { command: 'RegisterUserCommand', outcome: 'EmailTakenError' })).toBe(1);
    expect(delta('events_published_total', { type: 'UserCreated' })).toBe(2);
    expect(delta('projection_lag_seconds_count', { consumer: 'users-read-projection' })).toBe(2);
    expect(delta('events_failed_total', { consumer: 'users-read-projection', type: 'UserCreated' })).toBe(0);
    expect(after).toMatch(/^outbox_pending \d+$/m);
    expect(after).toMatch(/^consumer_pending\{consumer="users-read-projection"\} \d+$/m);
    expect(after).toContain('events_dead_lettered_total');
    expect(after).toContain('process_resident_memory_bytes');
  });

  it('can serve /metrics publicly on its own port instead', async () => {
    const other = await t.startAnother({ METRICS_PORT: '0', LOG_LEVEL: 'warn' });
    try {
      const port = other.app.get(MetricsServer).port;
      expect(port).toBeGreaterThan(0);
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('http_request_duration_seconds');
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
      await other.http().get('/metrics').set(adminAuth).expect(404);
    } finally {
      await other.close({ keepData: true });
    }
  });

  it('documents every route, its bodies, its errors and the bearer scheme at /docs-json', async () => {
    const doc = (await t.http().get('/docs-json').expect(200)).body;
    const routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      [
        'POST /api/v1/auth/register',
        'POST /api/v1/auth/login',
        'GET /api/v1/users',
        'GET /api/v1/users/{id}',
        'PUT /api/v1/users/{id}',
        'DELETE /api/v1/users/{id}',
        'GET /api/v1/users/by-role/{role}',
        'GET /health/live',
        'GET /health/ready',
      ].sort(),
    );
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'RegisterUserRequestDto',
        'LoginRequestDto',
        'UpdateUserRequestDto',
        'UserResultResponse',
        'UserViewResponseDto',
        'UserPageResponseDto',
        'AccessTokenResponse',
        'ErrorResponseDto',
      ]),
    );
    const register = doc.paths['/api/v1/auth/register'].post;
    expect(register.requestBody.content['application/json'].schema.$ref).toContain('RegisterUserRequestDto');
    expect(register.responses['409'].content['application/json'].schema.$ref).toContain('ErrorResponseDto');
    expect(doc.paths['/api/v1/users/{id}'].put.security).toEqual([{ bearer: [] }]);
    const ui = await t.http().get('/docs').redirects(1);
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });
});
