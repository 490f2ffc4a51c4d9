import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppConfig } from '../../config/app-config';
import { UserDeleted } from '../../contracts/user-events';
import { IfMatch, ifMatchAccepts } from '../../infrastructure/http/etag';
import { OutboxRelay } from '../../infrastructure/outbox/outbox-relay';
import { Clock } from '../../infrastructure/runtime/clock';
import { IdGenerator } from '../../infrastructure/runtime/id-generator';
import { ConcurrentChangeError } from '../concurrent-change.error';
import { assertMayChange } from '../update-user/decide-update';
import { MAX_CHANGE_ATTEMPTS } from '../update-user/update-user.handler';
import { eventEnvelope } from '../user-event-envelope';
import { toOutboxEntry } from '../user-event-entry';
import { UserNotFoundError } from '../user-not-found.error';
import { UserAccessCache } from '../user-access.cache';
import { UserWriteLock } from '../user-write-lock';
import { UsersRepository } from '../users.repository';
import { VersionMismatchError } from '../version-mismatch.error';
import { DeleteUserCommand } from './delete-user.command';

/**
 * A soft delete: the document stays (inactive, with deletedAt) for audit and so the event
 * history stays whole. Its email is freed for a new registration and kept in deletedEmail.
 * Compare-and-set and the per-user lock as in UpdateUserHandler.
 */
@CommandHandler(DeleteUserCommand)
export class DeleteUserHandler implements ICommandHandler<DeleteUserCommand> {
  constructor(
    private readonly users: UsersRepository,
    private readonly lock: UserWriteLock,
    private readonly access: UserAccessCache,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly config: AppConfig,
  ) {}

  async execute({ actor, userId, ifMatch }: DeleteUserCommand): Promise<void> {
    assertMayChange(actor, userId);
    return await this.lock.run(userId, () => this.delete(userId, ifMatch));
  }

  private async delete(userId: string, ifMatch?: IfMatch): Promise<void> {
    for (let attempt = 0; attempt < MAX_CHANGE_ATTEMPTS; attempt++) {
      const current = await this.users.findActive(userId);
      if (!current) throw new UserNotFoundError();
      if (!ifMatchAccepts(ifMatch, current.version)) throw new VersionMismatchError(current.version);

      const now = this.clock.now();
      const version = current.version + 1;
      const event: UserDeleted = {
        ...eventEnvelope(this.ids.next(), userId, version, now),
        type: 'UserDeleted',
        deletedAt: now.toISOString(),
      };
      const entry = toOutboxEntry(event, this.config.subjectPrefix, now);
      const changes = {
        isActive: false,
        deletedAt: now,
        updatedAt: now,
        version,
        email: `deleted:${userId}`,
        deletedEmail: current.email,
      };
      if (await this.users.applyChange(userId, current.version, changes, entry)) {
        this.access.invalidate(userId);
        this.relay.relaySoon(userId, [entry]);
        return;
      }
    }
    throw new ConcurrentChangeError();
  }
}
