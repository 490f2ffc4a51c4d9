import { eventually } from '../support/poll';
import { ServerProcess, startNats } from '../support/servers';
import { TestApp } from '../support/test-app';

/** Readiness follows NATS: against a nats-server this test starts, stops and restarts itself. */
describe('readiness when NATS goes away and comes back', () => {
  let nats: ServerProcess;
  let t: TestApp;

  beforeAll(async () => {
    nats = await startNats();
    t = await TestApp.start({ NATS_URL: nats.url, LOG_LEVEL: 'warn' });
  });

  afterAll(async () => {
    await t.close();
    await nats.destroy();
  });

  const ready = () => t.http().get('/health/ready');

  it('turns not ready while NATS is down, and ready again when it returns', async () => {
    await eventually(ready, (r) => r.status === 200, { what: 'ready at first' });

    await nats.stop();
    const down = await eventually(ready, (r) => r.status === 503, { what: 'not ready without NATS' });
    expect(down.body).toMatchObject({ status: 'error', error: { nats: { status: 'down' } } });
    expect(down.body.info.mongodb).toEqual({ status: 'up' });
    await t.http().get('/health/live').expect(200);

    await nats.restart();
    const up = await eventually(ready, (r) => r.status === 200, { what: 'ready again', timeoutMs: 20_000 });
    expect(up.body.info).toMatchObject({ nats: { status: 'up' }, stream: { status: 'up' } });
  });
});
