import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppConfig } from '../../config/app-config';
import { UserUpdated } from '../../contracts/user-events';
import { IfMatch, ifMatchAccepts } from '../../infrastructure/http/etag';
import type { Principal } from '../../infrastructure/http/principal';
import { OutboxRelay } from '../../infrastructure/outbox/outbox-relay';
import { Clock } from '../../infrastructure/runtime/clock';
import { IdGenerator } from '../../infrastructure/runtime/id-generator';
import { ConcurrentChangeError } from '../concurrent-change.error';
import { eventEnvelope } from '../user-event-envelope';
import { toOutboxEntry } from '../user-event-entry';
import { UserNotFoundError } from '../user-not-found.error';
import { toSnapshot, toUserResult, UserResult } from '../user-snapshot';
import { UserAccessCache } from '../user-access.cache';
import { UserWriteLock } from '../user-write-lock';
import { UsersRepository } from '../users.repository';
import { VersionMismatchError } from '../version-mismatch.error';
import { assertMayChange, decideUpdate, UserChange } from './decide-update';
import { UpdateUserCommand } from './update-user.command';

/** Attempts before giving up on a user that others keep changing at the same moment. */
export const MAX_CHANGE_ATTEMPTS = 25;

/**
 * Read, decide, compare-and-set: every change applies to the version it was decided on, so
 * concurrent updates are never lost; each one that changes something gets its own event
 * and its own version. Changes to one user are also queued in-process (see UserWriteLock).
 */
@CommandHandler(UpdateUserCommand)
export class UpdateUserHandler implements ICommandHandler<UpdateUserCommand> {
  constructor(
    private readonly users: UsersRepository,
    private readonly lock: UserWriteLock,
    private readonly access: UserAccessCache,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly config: AppConfig,
  ) {}

  async execute({ actor, userId, change, ifMatch }: UpdateUserCommand): Promise<UserResult> {
    assertMayChange(actor, userId);
    return await this.lock.run(userId, () => this.change(actor, userId, change, ifMatch));
  }

  private async change(actor: Principal, userId: string, change: UserChange, ifMatch?: IfMatch): Promise<UserResult> {
    for (let attempt = 0; attempt < MAX_CHANGE_ATTEMPTS; attempt++) {
      const current = await this.users.findActive(userId);
      if (!current) throw new UserNotFoundError();
      if (!ifMatchAccepts(ifMatch, current.version)) throw new VersionMismatchError(current.version);
      const decision = decideUpdate(current, change, actor);
      if (!decision.changed) return toUserResult(current);

      const now = this.clock.now();
      const next = { ...current, ...decision.next, updatedAt: now, version: current.version + 1 };
      const event: UserUpdated = {
        ...eventEnvelope(this.ids.next(), userId, next.version, now),
        type: 'UserUpdated',
        changes: decision.changes,
        user: toSnapshot(next),
      };
      const entry = toOutboxEntry(event, this.config.subjectPrefix, now);
      const { name, roles, updatedAt, version } = next;
      if (await this.users.applyChange(userId, current.version, { name, roles, updatedAt, version }, entry)) {
        this.access.invalidate(userId);
        this.relay.relaySoon(userId, [entry]);
        return toUserResult(next);
      }
    }
    throw new ConcurrentChangeError();
  }
}
