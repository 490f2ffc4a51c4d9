import { aRegisterUserRequest } from '../fixtures/builders';
import { eventually } from '../support/poll';
import { LogLine, TestApp } from '../support/test-app';
import { runTraceTool } from '../support/trace-tool';

const BCRYPT_HASH = /\$2[aby]\$\d{2}\$/;

/** Following one request through the logs: one trace id on every hop, request to side effect. */
describe('log-based tracing', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({ LOG_LEVEL: 'info' });
  });

  afterAll(async () => {
    await t.close();
  });

  const linesOf = (traceId: string) => t.logs.filter((line) => line.trace_id === traceId);

  async function completeJourney(traceId: string, last: string[]): Promise<LogLine[]> {
    return eventually(
      () => linesOf(traceId),
      (lines) => last.every((msg) => lines.some((line) => line.msg === msg)),
      { what: `the whole journey of ${traceId}` },
    );
  }

  it('writes the full chain of a registration under one trace id, in order, with the event fields', async () => {
    const response = await t.http().post('/api/v1/auth/register').send(aRegisterUserRequest()).expect(201);
    const traceId = response.headers['x-trace-id'] as string;
    const userId = response.body.id as string;
    const lines = await completeJourney(traceId, ['Read model updated successfully', 'Welcome email sent']);

    const order = [
      'Request received',
      'Event stored',
      'Command handled',
      'Request completed',
      'Event published',
      'UserCreated event received',
      'Read model updated successfully',
    ];
    const positions = order.map((msg) => lines.findIndex((line) => line.msg === msg));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);

    const eventLines = lines.filter((line) =>
      [
        'Event stored',
        'Event published',
        'UserCreated event received',
        'Read model updated successfully',
        'Sending welcome email to user',
        'Welcome email sent',
      ].includes(line.msg ?? ''),
    );
    expect(eventLines).toHaveLength(6);
    const eventId = String(eventLines[0]!.event_id);
    for (const line of eventLines) {
      expect(line).toMatchObject({
        trace_id: traceId,
        event_id: eventId,
        event_type: 'UserCreated',
        user_id: userId,
        version: 1,
      });
    }
    expect(lines.find((l) => l.msg === 'Request completed')).toMatchObject({
      status: 201,
      duration_ms: expect.any(Number),
    });
    expect(lines.find((l) => l.msg === 'Command handled')).toMatchObject({
      command: 'RegisterUserCommand',
      outcome: 'ok',
    });
    expect(lines.find((l) => l.msg === 'Event published')).toMatchObject({
      duration_ms: expect.any(Number),
      stream_seq: expect.any(Number),
    });
    expect(lines.find((l) => l.msg === 'UserCreated event received')).toMatchObject({
      lag_ms: expect.any(Number),
      delivery: 1,
    });
    expect(lines.find((l) => l.msg === 'Read model updated successfully')).toMatchObject({
      duration_ms: expect.any(Number),
    });

    const tool = runTraceTool([traceId], t.logs);
    expect(tool.status).toBe(0);
    for (const msg of order) expect(tool.stdout).toContain(msg);
    expect(tool.stdout).toContain('complete: every expected hop is there');
    expect(tool.stdout).toMatch(/request to read model updated: \d+ ms/);

    const withoutProjection = t.logs.filter(
      (line) => !(line.trace_id === traceId && line.msg === 'Read model updated successfully'),
    );
    const broken = runTraceTool([traceId], withoutProjection);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain(
      `MISSING Read model updated successfully: event ${eventId} (UserCreated v1) was never applied`,
    );

    expect(runTraceTool(['--event', eventId], t.logs).stdout).toContain(`trace ${traceId}`);
    expect(runTraceTool(['--user', userId], t.logs).status).toBe(0);
    expect(runTraceTool(['ffffffffffffffffffffffffffffffff'], t.logs).status).toBe(2);
  });

  it('writes the chain of an update the same way', async () => {
    const me = await t.authAsNewUser();
    const response = await t.http().put(`/api/v1/users/${me.id}`).set(me).send({ name: 'Traced' }).expect(200);
    const traceId = response.headers['x-trace-id'] as string;
    const lines = await completeJourney(traceId, ['Read model updated successfully']);
    const updated = lines.filter((line) => line.event_type === 'UserUpdated');
    expect(updated.map((line) => line.msg)).toEqual([
      'Event stored',
      'Event published',
      'UserUpdated event received',
      'Read model updated successfully',
    ]);
    for (const line of updated) expect(line).toMatchObject({ user_id: me.id, version: 2 });
    expect(runTraceTool([traceId], t.logs).status).toBe(0);
  });

  it('honours an incoming traceparent end to end, NATS headers included', async () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const response = await t
      .http()
      .post('/api/v1/auth/register')
      .set('traceparent', `00-${traceId}-b7ad6b7169203331-01`)
      .send(aRegisterUserRequest())
      .expect(201);
    expect(response.headers['x-trace-id']).toBe(traceId);
    expect(response.headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    await completeJourney(traceId, ['Read model updated successfully', 'Welcome email sent']);

    const events = await t.streamEvents();
    expect(events.find((e) => e.userId === response.body.id)).toMatchObject({ traceId });
    const jsm = await t.nats.jetstreamManager();
    const stored = await jsm.streams.getMessage(t.config.natsStream, { last_by_subj: t.subject('created') });
    expect(stored.header.get('traceparent')).toMatch(new RegExp(`^00-${traceId}-`));
  });

  it('uses an X-Request-Id shaped like a UUID as the trace id', async () => {
    const response = await t
      .http()
      .get('/health/live')
      .set('X-Request-Id', '0AF76519-16CD-43DD-8448-EB211C80319C')
      .expect(200);
    expect(response.headers['x-trace-id']).toBe('0af7651916cd43dd8448eb211c80319c');
  });

  it('never logs a password, a hash, a token or the Authorization header', async () => {
    const body = aRegisterUserRequest({ password: 'very-secret-password-42' });
    await t.http().post('/api/v1/auth/register').send(body).expect(201);
    const login = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: body.email, password: body.password })
      .expect(200);
    const token = login.body.accessToken as string;
    await t.http().get('/api/v1/users').set('Authorization', `Bearer ${token}`).expect(200);
    await t.http().get(`/api/v1/users?access_token=${token}&password=${body.password}`).expect(401);
    await t.http().post('/api/v1/auth/login').send({ email: body.email, password: 'wrong-password-99' }).expect(401);
    await eventually(
      () => t.logs.filter((line) => line.msg === 'Read model updated successfully'),
      (lines) => lines.length > 0,
      { what: 'the projection to run' },
    );
    const all = JSON.stringify(t.logs);
    expect(all).not.toContain(body.password);
    expect(all).not.toContain('wrong-password-99');
    expect(all).not.toContain(token);
    expect(all).not.toContain(token.split('.')[2]);
    expect(all).not.toMatch(BCRYPT_HASH);
    expect(all).not.toMatch(/authorization/i);
    expect(all).toContain('access_token=%5Bredacted%5D');
  });
});
