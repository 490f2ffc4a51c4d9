import { AppProcess } from '../support/app-process';
import { eventually } from '../support/poll';
import { freePort } from '../support/servers';
import { isolatedEnv } from '../support/test-app';

/** The process itself, started as in production: it refuses to run half-configured. */
describe('starting the service', () => {
  it.each([
    [{ JWT_SECRET: '' }, 'Configuration error: JWT_SECRET is required (at least 32 random bytes)'],
    [{ JWT_SECRET: 'too-short' }, 'Configuration error: JWT_SECRET must be at least 32 bytes long'],
    [{ PORT: 'http' }, 'Configuration error: PORT must be an integer, got "http"'],
    [{ BCRYPT_COST: '99' }, 'Configuration error: BCRYPT_COST must be between 4 and 15, got 99'],
  ])('stops with exit code 1 and one line naming the variable: %j', async (overrides, line) => {
    const app = AppProcess.start(isolatedEnv(overrides));
    expect(await app.exitCode()).toBe(1);
    expect(app.output).toEqual([line]);
  });

  it('stops with a clear message naming MONGODB_URI when MongoDB does not answer', async () => {
    const port = await freePort();
    const app = AppProcess.start(
      isolatedEnv({
        MONGODB_URI: `mongodb://admin:s3cr3t@127.0.0.1:${port}/users_test_down`,
        STARTUP_TIMEOUT_MS: '2000',
      }),
    );
    expect(await app.exitCode(15_000)).toBe(1);
    expect(app.output).toContain(
      `Start-up failed: Cannot connect to MongoDB at mongodb://***@127.0.0.1:${port}/users_test_down (MONGODB_URI): connect ECONNREFUSED 127.0.0.1:${port}`,
    );
    expect(app.output.join('\n')).not.toContain('s3cr3t');
  });

  it('stops with a clear message naming NATS_URL when NATS does not answer, after logging its retries', async () => {
    const port = await freePort();
    const app = AppProcess.start(isolatedEnv({ NATS_URL: `nats://127.0.0.1:${port}`, STARTUP_TIMEOUT_MS: '3000' }));
    expect(await app.exitCode(15_000)).toBe(1);
    expect(app.output).toContain(
      `Start-up failed: Cannot connect to NATS at nats://127.0.0.1:${port} (NATS_URL): CONNECTION_REFUSED`,
    );
    expect(app.output.some((line) => line.includes('Waiting for NATS'))).toBe(true);
  });

  it('serves on the configured port once both are reachable, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const app = AppProcess.start(isolatedEnv({ PORT: String(port), LOG_LEVEL: 'info' }));
    const status = await eventually(
      () =>
        fetch(`http://127.0.0.1:${port}/api/v1/users`).then(
          (r) => r.status,
          () => 0,
        ),
      (s) => s === 401,
      { timeoutMs: 20_000, intervalMs: 100, what: 'the app to serve (401 without a token)' },
    );
    expect(status).toBe(401);
    app.child.kill('SIGTERM');
    await app.exitCode(10_000);
    expect(app.output.some((line) => line.includes('Nest application successfully started'))).toBe(true);
    expect(app.output.filter((line) => line.includes('"level":50'))).toEqual([]);
  });
});
