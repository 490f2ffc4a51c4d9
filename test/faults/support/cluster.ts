import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { connect, JSONCodec, NatsConnection } from 'nats';
import type { UserEvent } from '../../../src/contracts/user-events';
import { AppProcess } from '../../support/app-process';
import { captureEventsAndViews, capturing } from '../../support/capture';
import { eventually } from '../../support/poll';
import { freePort, ServerProcess, startFerretDb, startNats } from '../../support/servers';
import { isolatedEnv, TestApp } from '../../support/test-app';

/**
 * A FerretDB and a nats-server of the test's own, on free ports with their own data
 * directories, which the test may stop, kill and restart by pid; plus the environment
 * every app of the test shares (database, stream, subjects), and clients to inspect them.
 */
export class Cluster {
  private constructor(
    readonly ferret: ServerProcess,
    readonly nats: ServerProcess,
    readonly env: Record<string, string>,
    readonly client: NatsConnection,
    readonly mongo: mongoose.mongo.MongoClient,
  ) {}

  static async start(overrides: Record<string, string> = {}): Promise<Cluster> {
    const [ferret, nats] = await Promise.all([startFerretDb(), startNats()]);
    const id = randomBytes(4).toString('hex');
    const env = isolatedEnv({
      MONGODB_URI: `${ferret.url}/users_test_fault_${id}`,
      NATS_URL: nats.url,
      LOG_LEVEL: 'info',
      CONSUMER_ACK_WAIT_MS: '2000',
      ...overrides,
    });
    const client = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 200 });
    const mongo = await new mongoose.mongo.MongoClient(env.MONGODB_URI!, {
      serverSelectionTimeoutMS: 20_000,
    }).connect();
    return new Cluster(ferret, nats, env, client, mongo);
  }

  get db(): mongoose.mongo.Db {
    return this.mongo.db();
  }

  /** The app in this process, on the cluster's database and stream. */
  app(overrides: Record<string, string> = {}): Promise<TestApp> {
    return TestApp.start({ ...this.env, ...overrides });
  }

  /** The app as its own process (to be killed), listening on a free port. */
  async process(overrides: Record<string, string> = {}): Promise<{ app: AppProcess; url: string }> {
    const port = await freePort();
    const app = AppProcess.start({ ...this.env, PORT: String(port), ...overrides });
    const url = `http://127.0.0.1:${port}`;
    const state = await eventually(
      async () =>
        app.child.exitCode !== null
          ? 'exited'
          : (await fetch(`${url}/health/live`).then(
                (r) => r.ok,
                () => false,
              ))
            ? 'up'
            : 'starting',
      (s) => s !== 'starting',
      { timeoutMs: 30_000, intervalMs: 100, what: 'the app to answer /health/live' },
    ).catch((error: unknown) => {
      throw new Error(`app did not start (${String(error)}):\n${app.output.join('\n')}`);
    });
    if (state === 'exited') throw new Error(`app exited:\n${app.output.join('\n')}`);
    return { app, url };
  }

  /** Every event in the stream, in order. */
  async events(): Promise<UserEvent[]> {
    const jsm = await this.client.jetstreamManager();
    const stream = this.env.NATS_STREAM!;
    const info = await jsm.streams.info(stream);
    const codec = JSONCodec<UserEvent>();
    const events: UserEvent[] = [];
    for (let seq = info.state.first_seq; info.state.messages > 0 && seq <= info.state.last_seq; seq++) {
      const message = await jsm.streams.getMessage(stream, { seq }).catch(() => undefined);
      if (message) events.push(codec.decode(message.data));
    }
    return events;
  }

  async consumerPending(durable: string): Promise<number> {
    const jsm = await this.client.jetstreamManager();
    const info = await jsm.consumers.info(this.env.NATS_STREAM!, durable);
    return info.num_pending + info.num_ack_pending;
  }

  async destroy(): Promise<void> {
    if (capturing()) await captureEventsAndViews(() => this.events(), this.db);
    await this.client.close().catch(() => undefined);
    await this.mongo.close().catch(() => undefined);
    await Promise.all([this.ferret.destroy(), this.nats.destroy()]);
  }
}
