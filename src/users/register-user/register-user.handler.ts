import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppConfig } from '../../config/app-config';
import { UserCreated } from '../../contracts/user-events';
import { OutboxRelay } from '../../infrastructure/outbox/outbox-relay';
import { Clock } from '../../infrastructure/runtime/clock';
import { IdGenerator } from '../../infrastructure/runtime/id-generator';
import { PasswordHasher } from '../password-hasher';
import { PasswordPolicy } from '../password-policy';
import { canonicalRoles } from '../user-fields';
import { eventEnvelope } from '../user-event-envelope';
import { toOutboxEntry } from '../user-event-entry';
import { toSnapshot, toUserResult, UserResult } from '../user-snapshot';
import { UserState, UsersRepository } from '../users.repository';
import { RegisterUserCommand } from './register-user.command';

@CommandHandler(RegisterUserCommand)
export class RegisterUserHandler implements ICommandHandler<RegisterUserCommand> {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly config: AppConfig,
  ) {}

  async execute(command: RegisterUserCommand): Promise<UserResult> {
    this.policy.check(command.password);
    const passwordHash = await this.hasher.hash(command.password);
    const now = this.clock.now();
    const user: UserState = {
      _id: this.ids.next(),
      email: command.email,
      passwordHash,
      name: command.name,
      roles: canonicalRoles(command.roles),
      isActive: true,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    const event: UserCreated = {
      ...eventEnvelope(this.ids.next(), user._id, user.version, now),
      type: 'UserCreated',
      user: toSnapshot(user),
    };
    const entry = toOutboxEntry(event, this.config.subjectPrefix, now);
    await this.users.insert(user, entry);
    this.relay.relaySoon(user._id, [entry]);
    return toUserResult(user);
  }
}
