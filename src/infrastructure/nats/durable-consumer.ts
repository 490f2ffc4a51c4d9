import { AckPolicy, ConsumerMessages, DeliverPolicy, JsMsg, nanos } from 'nats';
import type { PinoLogger } from 'nestjs-pino';
import type { AppConfig } from '../../config/app-config';
import type { DeadLetterStore } from '../dead-letters/dead-letter-store';
import type { ReadinessChecks } from '../health/readiness-checks';
import type { Metrics } from '../metrics/metrics';
import { isDatabaseUnavailable } from '../mongo/database-errors';
import { errorMessage } from '../runtime/error-message';
import type { Faults } from '../runtime/faults';
import { EventStream, isNotFound } from './event-stream';
import { MessageOutcome, settle } from './message-settlement';
import type { NatsClient } from './nats-client';

export interface InboundMessage {
  subject: string;
  data: Uint8Array;
  traceparent: string | undefined;
  /** 1 on the first delivery, 2 on the first redelivery, and so on. */
  deliveryCount: number;
  streamSequence: number;
}

export interface DurableConsumerOptions {
  durableName: string;
  filterSubject: string;
  maxBatch: number;
  /** Must return one outcome per message, in order. A throw retries the whole batch. */
  handle: (batch: InboundMessage[]) => Promise<MessageOutcome[]>;
}

/** What every durable consumer needs from the process; see DurableConsumers. */
export interface ConsumerRuntime {
  nats: NatsClient;
  stream: EventStream;
  metrics: Metrics;
  readiness: ReadinessChecks;
  deadLetters: DeadLetterStore;
  faults: Faults;
  config: AppConfig;
  logger: PinoLogger;
  /** False in command-line tools: the consumer exists (to re-drive) but never subscribes. */
  background: boolean;
}

const MAX_ACK_PENDING = 1000;

/**
 * A durable pull consumer with explicit acks. Messages are handled in batches (whatever
 * has arrived, up to maxBatch) and acknowledged only after the handler has finished with
 * them, so a crash before the ack means redelivery, never loss. A message that keeps
 * failing is parked in `dead_letters` after CONSUMER_MAX_DELIVER deliveries (backing off
 * between them), then terminated, so the rest goes on.
 */
export class DurableConsumer {
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private stopped = false;
  private buffer: JsMsg[] = [];
  private draining: Promise<void> | undefined;

  constructor(
    private readonly runtime: ConsumerRuntime,
    private readonly options: DurableConsumerOptions,
  ) {}

  get name(): string {
    return this.options.durableName;
  }

  async start(): Promise<void> {
    if (!this.runtime.background) return;
    await this.ensureConsumer();
    const pending = () => this.pending();
    this.runtime.metrics.gauge(
      'consumer_pending',
      'Messages not yet acknowledged by a durable consumer',
      ['consumer'],
      async () => [{ labels: { consumer: this.name }, value: await pending() }],
    );
    this.runtime.readiness.add(`consumer:${this.name}`, async () => {
      const count = await pending();
      return { ok: count <= this.runtime.config.readiness.maxConsumerPending, details: { pending: count } };
    });
    this.loop = this.run();
  }

  /** Stops taking messages and finishes the batch in hand; buffered messages are redelivered later. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.messages?.close();
    await this.loop;
    await this.draining;
  }

  /** Messages waiting for this consumer plus those delivered but not yet acknowledged. */
  async pending(): Promise<number> {
    const info = await this.runtime.nats.manager.consumers.info(this.runtime.stream.name, this.name);
    return info.num_pending + info.num_ack_pending;
  }

  private async ensureConsumer(): Promise<void> {
    const { manager } = this.runtime.nats;
    const stream = this.runtime.stream.name;
    const settings = {
      filter_subject: this.options.filterSubject,
      ack_wait: nanos(this.runtime.config.consumers.ackWaitMs),
      max_ack_pending: MAX_ACK_PENDING,
    };
    try {
      await manager.consumers.info(stream, this.name);
      await manager.consumers.update(stream, this.name, settings);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await manager.consumers.add(stream, {
        ...settings,
        durable_name: this.name,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
      });
    }
  }

  /** Keeps a pull subscription open, opening a new one whenever the old one ends. */
  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const consumer = await this.runtime.nats.jetstream.consumers.get(this.runtime.stream.name, this.name);
        const messages = await consumer.consume({
          max_messages: this.options.maxBatch * 2,
          callback: (message) => this.receive(message),
        });
        this.messages = messages;
        if (this.stopped) await messages.close();
        await messages.closed();
      } catch (error) {
        if (this.stopped) break;
        this.runtime.logger.warn({ consumer: this.name, err: error }, 'Consumer interrupted, resuming');
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  /**
   * Messages arrive one by one; handling starts on the next turn of the event loop, so
   * everything that arrived together is handled as one batch.
   */
  private receive(message: JsMsg): void {
    this.buffer.push(message);
    this.scheduleDrain();
  }

  private scheduleDrain(): void {
    if (this.draining || this.stopped) return;
    this.draining = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.drain())
      .finally(() => {
        this.draining = undefined;
        if (this.buffer.length > 0) this.scheduleDrain();
      });
  }

  private async drain(): Promise<void> {
    while (this.buffer.length > 0 && !this.stopped) {
      await this.process(this.buffer.splice(0, this.options.maxBatch));
    }
  }

  /** Handles messages outside the subscription (re-driving parked ones); nothing is acked. */
  handleDirectly(batch: InboundMessage[]): Promise<MessageOutcome[]> {
    return this.outcomesOf(batch);
  }

  private async process(batch: JsMsg[]): Promise<void> {
    const stopHeartbeat = this.heartbeat(batch);
    try {
      const outcomes = await this.outcomesOf(batch.map(toInbound));
      this.runtime.faults.crashBeforeAck(this.name);
      for (const [i, message] of batch.entries()) {
        await settle(this.runtime, this.name, message, outcomes[i] ?? { type: 'retry', reason: 'no outcome' });
      }
    } finally {
      stopHeartbeat();
    }
  }

  /**
   * While a slow batch is handled (a busy database), tells the server every third of the ack
   * wait that this process still holds the batch and the buffered messages behind it, so
   * they are not redelivered to another worker meanwhile. A crashed process stops telling it.
   */
  private heartbeat(batch: JsMsg[]): () => void {
    const timer = setInterval(
      () => {
        for (const message of [...batch, ...this.buffer]) {
          try {
            message.working();
          } catch {
            // Disconnected: the server redelivers after the ack wait, as for a crash.
          }
        }
      },
      Math.max(250, Math.floor(this.runtime.config.consumers.ackWaitMs / 3)),
    );
    timer.unref();
    return () => clearInterval(timer);
  }

  /**
   * The handler's outcomes. When a whole batch fails for a reason other than an outage, each
   * message is tried alone, so one bad message cannot hold back the others.
   */
  private async outcomesOf(batch: InboundMessage[]): Promise<MessageOutcome[]> {
    try {
      return await this.options.handle(batch);
    } catch (error) {
      const reason = errorMessage(error);
      if (isDatabaseUnavailable(error)) {
        this.runtime.logger.warn(
          { consumer: this.name, reason, count: batch.length },
          'Database unavailable, will retry',
        );
        return batch.map(() => ({ type: 'retry', reason, transient: true }));
      }
      if (batch.length === 1) return [{ type: 'retry', reason }];
      const outcomes: MessageOutcome[] = [];
      for (const message of batch) outcomes.push(...(await this.outcomesOf([message])));
      return outcomes;
    }
  }
}

export function toInbound(message: JsMsg): InboundMessage {
  return {
    subject: message.subject,
    data: message.data,
    traceparent: message.headers?.get('traceparent') || undefined,
    deliveryCount: message.info.redeliveryCount,
    streamSequence: message.seq,
  };
}
