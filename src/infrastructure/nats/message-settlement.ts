import type { JsMsg } from 'nats';
import { errorMessage } from '../runtime/error-message';
import type { ConsumerRuntime } from './durable-consumer';

/** What the handler knows about a message, for logs and metrics. */
interface Described {
  eventType?: string;
  /** When the event happened (ISO); acked events feed the lag histogram. */
  occurredAt?: string;
}

/**
 * What to tell JetStream about one message once its batch has been handled. A `retry`
 * counts towards parking unless it is `transient` (the database is down: waiting helps,
 * and an outage must never turn good events into dead letters); `poison` is parked at once.
 */
export type MessageOutcome =
  | ({ type: 'ack' } & Described)
  | ({ type: 'retry'; reason: string; transient?: boolean } & Described)
  | ({ type: 'poison'; reason: string } & Described);

const MAX_RETRY_DELAY_MS = 30_000;

/** Delay before a failed message comes back: 250 ms doubling per delivery, capped, with jitter. */
export function retryDelayMs(deliveryCount: number): number {
  const base = Math.min(MAX_RETRY_DELAY_MS, 250 * 2 ** Math.max(0, deliveryCount - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/**
 * Tells JetStream what became of one message: an ack (feeding the lag histogram); a nak with
 * backoff while deliveries remain; otherwise the message is parked in dead_letters and then
 * terminated, so the rest goes on. A message that cannot be parked stays in the stream.
 */
export async function settle(
  runtime: ConsumerRuntime,
  consumer: string,
  message: JsMsg,
  outcome: MessageOutcome,
): Promise<void> {
  const labels = { consumer, type: outcome.eventType ?? 'unknown' };
  const { metrics, logger, config } = runtime;
  const deliveries = message.info.redeliveryCount;
  if (outcome.type === 'ack') {
    message.ack();
    metrics.eventsConsumed.inc(labels);
    if (outcome.occurredAt) {
      metrics.projectionLag.observe({ consumer }, (Date.now() - Date.parse(outcome.occurredAt)) / 1000);
    }
    return;
  }
  const exhausted = outcome.type === 'poison' || (!outcome.transient && deliveries >= config.consumers.maxDeliver);
  if (!exhausted) {
    message.nak(retryDelayMs(deliveries));
    metrics.eventsFailed.inc(labels);
    logger.warn(
      { consumer, stream_seq: message.seq, delivery: deliveries, reason: outcome.reason },
      'Message failed, will be redelivered',
    );
    return;
  }
  try {
    await park(runtime, consumer, message, outcome.reason);
  } catch (error) {
    // Could not park it (the database is down): keep it in the stream and try again later.
    message.nak(retryDelayMs(deliveries));
    logger.warn(
      { consumer, stream_seq: message.seq, reason: errorMessage(error) },
      'Could not park message, will retry',
    );
    return;
  }
  message.term();
  metrics.eventsDeadLettered.inc(labels);
  logger.error(
    { consumer, stream_seq: message.seq, delivery: deliveries, reason: outcome.reason },
    'Message parked in dead_letters',
  );
}

function park(runtime: ConsumerRuntime, consumer: string, message: JsMsg, reason: string): Promise<void> {
  const text = Buffer.from(message.data).toString('utf8');
  const isText = Buffer.from(text, 'utf8').equals(Buffer.from(message.data));
  return runtime.deadLetters.park({
    _id: `${consumer}:${message.seq}`,
    consumer,
    stream: runtime.stream.name,
    subject: message.subject,
    streamSequence: message.seq,
    data: Buffer.from(message.data).toString('base64'),
    ...(isText ? { text } : {}),
    traceparent: message.headers?.get('traceparent') || undefined,
    error: reason,
    deliveries: message.info.redeliveryCount,
    parkedAt: new Date(),
  });
}
