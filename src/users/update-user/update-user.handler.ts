import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UserUpdated } from '../../contracts/user-events';
import { UserChanges } from '../user-changes';
import { toSnapshot, toUserResult, UserResult } from '../user-snapshot';
import { assertMayChange, decideUpdate } from './decide-update';
import { UpdateUserCommand } from './update-user.command';

/** Name and roles, decided by decideUpdate; a change that changes nothing writes nothing. */
@CommandHandler(UpdateUserCommand)
export class UpdateUserHandler implements ICommandHandler<UpdateUserCommand> {
  constructor(private readonly changes: UserChanges) {}

  async execute({ actor, userId, change, ifMatch }: UpdateUserCommand): Promise<UserResult> {
    assertMayChange(actor, userId);
    return await this.changes.apply(userId, ifMatch, ({ current, now, envelope }) => {
      const decision = decideUpdate(current, change, actor);
      if (!decision.changed) return { result: toUserResult(current) };
      const next = { ...current, ...decision.next, updatedAt: now, version: envelope.version };
      const event: UserUpdated = {
        ...envelope,
        type: 'UserUpdated',
        changes: decision.changes,
        user: toSnapshot(next),
      };
      const { name, roles, updatedAt, version } = next;
      return { result: toUserResult(next), write: { changes: { name, roles, updatedAt, version }, event } };
    });
  }
}
