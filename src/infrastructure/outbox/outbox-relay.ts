import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { runWithTrace } from '../logging/trace-context';
import { Metrics } from '../metrics/metrics';
import { EventPublisher } from '../nats/event-publisher';
import { errorMessage } from '../runtime/error-message';
import { Faults } from '../runtime/faults';
import { OutboxEntry } from './outbox-entry';
import { byVersion, OutboxStore } from './outbox-store';

/** The fields every log line about an outbox entry carries. */
function entryFields(ownerId: string, entry: OutboxEntry): Record<string, string | number> {
  return { event_id: entry.eventId, event_type: entry.type, user_id: ownerId, version: entry.version };
}

/**
 * Publishes pending events and removes them from their document once JetStream has
 * stored them. A failure leaves the entry where it is: the sweeper publishes it later,
 * and Nats-Msg-Id deduplication plus version-guarded projections absorb any repeat.
 */
@Injectable()
export class OutboxRelay implements BeforeApplicationShutdown {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly failureListeners: Array<() => void> = [];

  constructor(
    private readonly store: OutboxStore,
    private readonly publisher: EventPublisher,
    private readonly metrics: Metrics,
    private readonly faults: Faults,
    @InjectPinoLogger(OutboxRelay.name) private readonly logger: PinoLogger,
  ) {}

  /** Called right after the write: logs the stored events and publishes them without holding up the response. */
  relaySoon(ownerId: string, entries: OutboxEntry[]): void {
    for (const entry of entries) {
      runWithTrace(entry.traceId, () => this.logger.info('Event stored'), entryFields(ownerId, entry));
    }
    this.faults.crashAfterWrite();
    const task: Promise<void> = this.publish(ownerId, entries).then(
      () => void this.inFlight.delete(task),
      () => void this.inFlight.delete(task),
    );
    this.inFlight.add(task);
  }

  /**
   * Publishes in version order and stops at the first failure, leaving the rest pending.
   * Resolves to true when every entry was published and removed from the outbox.
   */
  async publish(ownerId: string, entries: OutboxEntry[]): Promise<boolean> {
    for (const entry of [...entries].sort(byVersion)) {
      const done = await runWithTrace(
        entry.traceId,
        () => this.publishOne(ownerId, entry),
        entryFields(ownerId, entry),
      );
      if (!done) {
        this.failureListeners.forEach((listener) => listener());
        return false;
      }
    }
    return true;
  }

  /** Called whenever an entry is left pending (the sweeper then retries soon). */
  onPublishFailure(listener: () => void): void {
    this.failureListeners.push(listener);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private async publishOne(ownerId: string, entry: OutboxEntry): Promise<boolean> {
    const startedAt = performance.now();
    try {
      const ack = await this.publisher.publish({
        subject: entry.subject,
        payload: entry.payload,
        msgId: entry.eventId,
        traceId: entry.traceId,
      });
      this.metrics.eventsPublished.inc({ type: entry.type });
      const duration_ms = Math.round((performance.now() - startedAt) * 10) / 10;
      this.logger.info(
        { subject: entry.subject, stream_seq: ack.sequence, duplicate: ack.duplicate, duration_ms },
        'Event published',
      );
    } catch (error) {
      this.metrics.eventsPublishFailed.inc({ type: entry.type });
      this.logger.warn({ reason: errorMessage(error) }, 'Event publish failed, left in the outbox for retry');
      return false;
    }
    try {
      await this.store.markPublished(ownerId, entry.eventId);
    } catch (error) {
      // Published but still marked pending: it will be published again and deduplicated.
      this.logger.warn({ reason: errorMessage(error) }, 'Event published but not yet removed from the outbox');
      return false;
    }
    return true;
  }
}
