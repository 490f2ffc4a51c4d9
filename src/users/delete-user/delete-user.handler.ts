import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UserDeleted } from '../../contracts/user-events';
import { assertMayChange } from '../update-user/decide-update';
import { UserChanges } from '../user-changes';
import { DeleteUserCommand } from './delete-user.command';

/**
 * A soft delete: the document stays (inactive, with deletedAt) for audit and so the event
 * history stays whole. Its email is freed for a new registration and kept in deletedEmail.
 */
@CommandHandler(DeleteUserCommand)
export class DeleteUserHandler implements ICommandHandler<DeleteUserCommand> {
  constructor(private readonly changes: UserChanges) {}

  async execute({ actor, userId, ifMatch }: DeleteUserCommand): Promise<void> {
    assertMayChange(actor, userId);
    await this.changes.apply(userId, ifMatch, ({ current, now, envelope }) => {
      const event: UserDeleted = { ...envelope, type: 'UserDeleted', deletedAt: now.toISOString() };
      const changes = {
        isActive: false,
        deletedAt: now,
        updatedAt: now,
        version: envelope.version,
        email: `deleted:${userId}`,
        deletedEmail: current.email,
      };
      return { result: undefined, write: { changes, event } };
    });
  }
}
