import { connect, NatsConnection } from 'nats';
import { PinoLogger } from 'nestjs-pino';
import { redactUrl, StartupError } from '../startup-error';

/**
 * Connects, retrying with a visible log until `timeoutMs`, then fails with a clear message.
 * Once connected the client reconnects forever: a NATS restart must never leave the
 * service silently disconnected (the default gives up after about 20 seconds).
 */
export async function connectNats(url: string, timeoutMs: number, logger: PinoLogger): Promise<NatsConnection> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await connect({
        servers: url,
        name: 'users-service',
        maxReconnectAttempts: -1,
        reconnectTimeWait: 500,
        timeout: Math.min(5000, timeoutMs),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (Date.now() + 1000 > deadline) {
        throw new StartupError(`Cannot connect to NATS at ${redactUrl(url)} (NATS_URL): ${reason}`);
      }
      logger.warn({ attempt, reason }, `Waiting for NATS at ${redactUrl(url)}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
