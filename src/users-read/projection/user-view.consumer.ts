import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { AppConfig } from '../../config/app-config';
import { InvalidEventError, parseUserEvent } from '../../contracts/parse-user-event';
import type { UserEvent } from '../../contracts/user-events';
import { runWithTrace, traceIdFromTraceparent } from '../../infrastructure/logging/trace-context';
import { DurableConsumer, InboundMessage } from '../../infrastructure/nats/durable-consumer';
import { MessageOutcome } from '../../infrastructure/nats/message-settlement';
import { DurableConsumers } from '../../infrastructure/nats/durable-consumers';
import { Faults } from '../../infrastructure/runtime/faults';
import { fold, UserViewState } from './user-view.projection';
import { UserViewStore, ViewWrite } from './user-view.store';

export const PROJECTION_DURABLE = 'users-read-projection';
const MAX_BATCH = 200;
/** Write rounds per batch (the first without reading) before a user's events are retried later. */
const MAX_ROUNDS = 3;

interface Received {
  event: UserEvent;
  traceId: string;
}

const eventsOf = (received: Received[]) => received.map(({ event }) => event);

/** The fields every log line about an event carries. */
export function eventFields(event: UserEvent): Record<string, string | number> {
  return { event_id: event.eventId, event_type: event.type, user_id: event.userId, version: event.version };
}

/**
 * Keeps `users_read` up to date from every user event. Each batch is folded through the
 * pure `evolve`, written with guarded writes (see `project`), and only then acknowledged.
 */
@Injectable()
export class UserViewConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumer: DurableConsumer;

  constructor(
    consumers: DurableConsumers,
    config: AppConfig,
    private readonly store: UserViewStore,
    private readonly faults: Faults,
    @InjectPinoLogger(UserViewConsumer.name) private readonly logger: PinoLogger,
  ) {
    this.consumer = consumers.create(logger, {
      durableName: PROJECTION_DURABLE,
      filterSubject: `${config.subjectPrefix}.>`,
      maxBatch: MAX_BATCH,
      handle: (batch) => this.handle(batch),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
  }

  async handle(batch: InboundMessage[]): Promise<MessageOutcome[]> {
    const startedAt = performance.now();
    const parsed = batch.map((message) => this.receive(message));
    const byUser = new Map<string, Received[]>();
    for (const p of parsed) {
      if ('error' in p) continue;
      const mine = byUser.get(p.event.userId);
      if (mine) mine.push(p);
      else byUser.set(p.event.userId, [p]);
    }
    this.faults.failProjectionOf(byUser.keys());
    const { applied, states, conflicted } = await this.project(byUser);
    const durationMs = Math.round((performance.now() - startedAt) * 10) / 10;

    return parsed.map((p) => {
      if ('error' in p) return { type: 'poison', reason: p.error };
      const described = { eventType: p.event.type, occurredAt: p.event.occurredAt };
      if (conflicted.has(p.event.userId))
        return { type: 'retry', reason: 'concurrent update of the same user', ...described };
      this.logOutcome(p, applied.has(p), states.get(p.event.userId) ?? undefined, durationMs);
      return { type: 'ack', ...described };
    });
  }

  /**
   * Folds each user's events onto their view and writes the result. First without reading:
   * a user whose first event here is their creation is inserted, any other user's view is
   * replaced if it is older (which folds the same, see `isSupersededBy`). Users for whom that
   * does not hold (a redelivery, a newer or deleted view, a lost race) go through rounds that
   * read the view, fold onto it and write with compare-and-set.
   */
  private async project(byUser: Map<string, Received[]>) {
    const applied = new Set<Received>();
    const states = new Map<string, UserViewState | null>();
    const settle = (id: string, before: UserViewState | null) => {
      const received = byUser.get(id)!;
      const { next, applied: changed } = fold(before, eventsOf(received));
      received.forEach((r, i) => (changed[i] ? applied.add(r) : applied.delete(r)));
      states.set(id, next);
    };

    const inserts: ViewWrite[] = [];
    const replacements: UserViewState[] = [];
    for (const [id, received] of byUser) {
      const next = fold(null, eventsOf(received)).next;
      if (!next) continue;
      if (received[0]!.event.type === 'UserCreated') inserts.push({ next, expectedVersion: null });
      else replacements.push(next);
      states.set(id, next);
    }
    const [lostInserts, replaced] = await Promise.all([
      this.store.save(inserts),
      this.store.replaceOlder(replacements),
    ]);
    for (const { next } of inserts) if (!lostInserts.has(next._id)) settle(next._id, null);
    let round = [...lostInserts];
    for (const [id, before] of replaced) {
      if (before === 'kept') round.push(id);
      else settle(id, before);
    }

    for (let attempt = 2; round.length > 0 && attempt <= MAX_ROUNDS; attempt++) {
      const stored = await this.store.load(round);
      const writes: ViewWrite[] = [];
      for (const id of round) {
        const before = stored.get(id) ?? null;
        const { next } = fold(before, eventsOf(byUser.get(id)!));
        if (next && next !== before) writes.push({ next, expectedVersion: before?.version ?? null });
        else settle(id, before);
      }
      const lost = await this.store.save(writes);
      for (const { next } of writes) if (!lost.has(next._id)) settle(next._id, stored.get(next._id) ?? null);
      round = [...lost];
    }
    return { applied, states, conflicted: new Set(round) };
  }

  private receive(message: InboundMessage): Received | { error: string } {
    try {
      const event = parseUserEvent(message.data);
      const traceId = traceIdFromTraceparent(message.traceparent) ?? event.traceId;
      const details = {
        ...(event.type === 'UserDeleted' ? {} : { email: event.user.email }),
        delivery: message.deliveryCount,
        lag_ms: Date.now() - Date.parse(event.occurredAt),
      };
      runWithTrace(traceId, () => this.logger.info(details, `${event.type} event received`), eventFields(event));
      return { event, traceId };
    } catch (error) {
      if (!(error instanceof InvalidEventError)) throw error;
      return { error: `stream sequence ${message.streamSequence}: ${error.message}` };
    }
  }

  private logOutcome(
    { event, traceId }: Received,
    applied: boolean,
    state: UserViewState | undefined,
    durationMs: number,
  ): void {
    runWithTrace(
      traceId,
      () => {
        if (applied) this.logger.info({ duration_ms: durationMs }, 'Read model updated successfully');
        else this.logger.debug({ stored_version: state?.version }, 'Event skipped: already applied or superseded');
      },
      eventFields(event),
    );
  }
}
