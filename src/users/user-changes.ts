import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import type { UserEvent } from '../contracts/user-events';
import { IfMatch, ifMatchAccepts } from '../infrastructure/http/etag';
import { OutboxRelay } from '../infrastructure/outbox/outbox-relay';
import { Clock } from '../infrastructure/runtime/clock';
import { IdGenerator } from '../infrastructure/runtime/id-generator';
import { ConcurrentChangeError } from './concurrent-change.error';
import { UserAccessCache } from './user-access.cache';
import { eventEnvelope } from './user-event-envelope';
import { toOutboxEntry } from './user-event-entry';
import { UserNotFoundError } from './user-not-found.error';
import { UserWriteLock } from './user-write-lock';
import { UserState, UsersRepository } from './users.repository';
import { VersionMismatchError } from './version-mismatch.error';

/** Attempts before giving up on a user that others keep changing at the same moment. */
export const MAX_CHANGE_ATTEMPTS = 25;

/** What a change starts from: the user as it is now, and the envelope of the event it would make. */
export interface ChangeContext {
  current: UserState;
  now: Date;
  /** Carries the version the change produces: current.version + 1. */
  envelope: ReturnType<typeof eventEnvelope>;
}

/** The answer, and what to write with its event; without `write` nothing changes. */
export interface ChangeDecision<R> {
  result: R;
  write?: { changes: Partial<UserState>; event: UserEvent };
}

/**
 * Read, decide, compare-and-set, for every change to an existing user: each change applies
 * to the version it was decided on, so concurrent changes are never lost, and each one that
 * writes gets its own event and version. A lost compare-and-set decides again on the newer
 * user. Changes to one user are also queued in-process (see UserWriteLock).
 */
@Injectable()
export class UserChanges {
  constructor(
    private readonly users: UsersRepository,
    private readonly lock: UserWriteLock,
    private readonly access: UserAccessCache,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly config: AppConfig,
  ) {}

  /** Throws UserNotFoundError, VersionMismatchError (If-Match) or ConcurrentChangeError. */
  apply<R>(
    userId: string,
    ifMatch: IfMatch | undefined,
    decide: (context: ChangeContext) => ChangeDecision<R>,
  ): Promise<R> {
    return this.lock.run(userId, async () => {
      for (let attempt = 0; attempt < MAX_CHANGE_ATTEMPTS; attempt++) {
        const current = await this.users.findActive(userId);
        if (!current) throw new UserNotFoundError();
        if (!ifMatchAccepts(ifMatch, current.version)) throw new VersionMismatchError(current.version);
        const now = this.clock.now();
        const envelope = eventEnvelope(this.ids.next(), userId, current.version + 1, now);
        const decision = decide({ current, now, envelope });
        if (!decision.write) return decision.result;

        const entry = toOutboxEntry(decision.write.event, this.config.subjectPrefix, now);
        if (await this.users.applyChange(userId, current.version, decision.write.changes, entry)) {
          this.access.invalidate(userId);
          this.relay.relaySoon(userId, [entry]);
          return decision.result;
        }
      }
      throw new ConcurrentChangeError();
    });
  }
}
