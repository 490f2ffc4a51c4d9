import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { connect, JSONCodec, NatsConnection } from 'nats';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { AppConfig } from '../../src/config/app-config';
import { loadConfig } from '../../src/config/load-config';
import type { UserEvent } from '../../src/contracts/user-events';
import { capture, captureEventsAndViews, capturing, captureRequestValues } from './capture';
import { aRegisterUserRequest, RegisterRequest } from '../fixtures/builders';

export type LogLine = Record<string, unknown> & {
  msg?: string;
  level?: number;
};

export const TEST_JWT_SECRET = 'test-only-secret-that-is-long-enough-0123456789';

/**
 * Every log line written in this test file. nestjs-pino keeps one logger per process (the
 * first app's), so apps started one after another, or side by side, share this capture;
 * each TestApp sees the lines written since it started.
 */
const captured: LogLine[] = [];
const destination = { write: (line: string) => void captured.push(JSON.parse(line) as LogLine) };

/** Names unique to one app instance, so test files can run in parallel on shared servers. */
export function isolatedEnv(overrides: Record<string, string> = {}): Record<string, string> {
  const id = `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
  const mongoBase = (process.env.TEST_MONGODB_URI ?? '').replace(/\/+$/, '');
  const natsUrl = process.env.TEST_NATS_URL;
  if (!mongoBase || !natsUrl)
    throw new Error('TEST_MONGODB_URI and TEST_NATS_URL must be set (see test/support/global-setup.ts)');
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    MONGODB_URI: `${mongoBase}/users_test_${id}`,
    NATS_URL: natsUrl,
    NATS_STREAM: `TEST_USERS_${id}`,
    EVENTS_SUBJECT_PREFIX: `test_${id}.users`,
    JWT_SECRET: TEST_JWT_SECRET,
    BCRYPT_COST: '4',
    LOG_LEVEL: 'debug',
    OUTBOX_SWEEP_INTERVAL_MS: '300',
    OUTBOX_SAFETY_SWEEP_MS: '1000',
    // The tests register many users from one address; the rate limits have tests of their own.
    RATE_LIMIT_LOGIN_PER_MINUTE: '1000000',
    RATE_LIMIT_REGISTER_PER_MINUTE: '1000000',
    STARTUP_TIMEOUT_MS: '10000',
    ...overrides,
  };
}

/** Every response this app sends, with the secrets that went out in its request and answer. */
function recordResponses(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (request, reply, payload, done) => {
      captureRequestValues(request.body);
      if (typeof payload === 'string') {
        capture([
          {
            kind: 'response',
            method: request.method,
            url: request.url,
            status: reply.statusCode,
            body: payload,
            headers: reply.getHeaders(),
          },
        ]);
        const token = /"accessToken":"([^"]+)"/.exec(payload)?.[1];
        if (token) capture([{ kind: 'token', value: token }]);
      }
      done(null, payload);
    });
}

export class TestApp {
  private constructor(
    readonly app: NestFastifyApplication,
    /** The environment the app was configured from: give it to a child process to share everything. */
    readonly env: Record<string, string>,
    readonly config: AppConfig,
    private readonly firstLogLine: number,
    readonly nats: NatsConnection,
    readonly db: mongoose.mongo.Db,
    private readonly mongoClient: mongoose.mongo.MongoClient,
  ) {}

  static async start(overrides: Record<string, string> = {}): Promise<TestApp> {
    const env = isolatedEnv(overrides);
    const config = loadConfig(env);
    const dbName = new URL(config.mongodbUri).pathname.slice(1);
    if (!dbName.includes('test')) throw new Error(`refusing to run against database "${dbName}"`);
    const firstLogLine = captured.length;
    const app = await createApp(config, { logDestination: destination });
    if (capturing()) recordResponses(app);
    await app.listen(0, '127.0.0.1');
    const nats = await connect({ servers: config.natsUrl, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
    const mongoClient = await new mongoose.mongo.MongoClient(config.mongodbUri).connect();
    return new TestApp(app, env, config, firstLogLine, nats, mongoClient.db(dbName), mongoClient);
  }

  /** Log lines written since this app started (see `captured`). */
  get logs(): LogLine[] {
    return captured.slice(this.firstLogLine);
  }

  http(): ReturnType<typeof request> {
    return request(this.app.getHttpServer());
  }

  /** Every event in this app's stream, in stream order. */
  async streamEvents(): Promise<UserEvent[]> {
    const jsm = await this.nats.jetstreamManager();
    const info = await jsm.streams.info(this.config.natsStream);
    const codec = JSONCodec<UserEvent>();
    const events: UserEvent[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const message = await jsm.streams.getMessage(this.config.natsStream, {
        seq,
      });
      events.push(codec.decode(message.data));
    }
    return events;
  }

  /** Publishes a raw event straight onto the stream, as another producer would. */
  async publish(event: UserEvent | Record<string, unknown>, subject: string): Promise<void> {
    const js = this.nats.jetstream();
    await js.publish(subject, JSONCodec().encode(event));
  }

  /** Registers a user through HTTP and returns the 201 body. */
  async register(
    body: RegisterRequest = aRegisterUserRequest(),
  ): Promise<{ id: string; email: string; version: number }> {
    const response = await this.http().post('/api/v1/auth/register').send(body).expect(201);
    return response.body as { id: string; email: string; version: number };
  }

  /** `Authorization` header of a freshly registered user. */
  async authAsNewUser(body: RegisterRequest = aRegisterUserRequest()): Promise<{ Authorization: string; id: string }> {
    const user = await this.register(body);
    const login = await this.http()
      .post('/api/v1/auth/login')
      .send({ email: body.email, password: body.password })
      .expect(200);
    return {
      Authorization: `Bearer ${login.body.accessToken as string}`,
      id: user.id,
    };
  }

  subject(suffix: 'created' | 'updated' | 'deleted'): string {
    return `${this.config.subjectPrefix}.${suffix}`;
  }

  /** Stops the app and removes its database and stream, unless another app still uses them (`keepData`). */
  async close({ keepData = false } = {}): Promise<void> {
    try {
      await this.app.close();
      if (capturing()) await this.captureData();
      if (!keepData) {
        await this.nats
          .jetstreamManager()
          .then((jsm) => jsm.streams.delete(this.config.natsStream))
          .catch(() => undefined);
        await this.db.dropDatabase().catch(() => undefined);
      }
    } finally {
      await this.nats.close();
      await this.mongoClient.close();
    }
  }

  /** Hands this app's logs, events and read-model documents to the leak audit (see capture.ts). */
  private async captureData(): Promise<void> {
    capture(this.logs.map((line) => ({ kind: 'log', line: JSON.stringify(line) })));
    await captureEventsAndViews(() => this.streamEvents(), this.db);
  }

  /** Another app on the same database, stream and subjects (a second process, a restart). */
  startAnother(overrides: Record<string, string> = {}): Promise<TestApp> {
    return TestApp.start({
      MONGODB_URI: this.config.mongodbUri,
      NATS_STREAM: this.config.natsStream,
      EVENTS_SUBJECT_PREFIX: this.config.subjectPrefix,
      ...overrides,
    });
  }
}
