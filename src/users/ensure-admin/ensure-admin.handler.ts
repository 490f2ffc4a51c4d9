import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InstrumentedCommandBus } from '../../infrastructure/cqrs/instrumented-command-bus';
import type { Principal } from '../../infrastructure/http/principal';
import { EmailTakenError } from '../email-taken.error';
import { RegisterUserCommand } from '../register-user/register-user.command';
import { UpdateUserCommand } from '../update-user/update-user.command';
import { UsersRepository } from '../users.repository';
import { EnsureAdminCommand, EnsureAdminOutcome } from './ensure-admin.command';

/** The configuration acts as an admin: it is the only way the first admin comes to exist. */
const CONFIGURATION: Principal = { id: 'configuration', roles: ['admin'] };

/**
 * Creates the admin account, or adds `admin` to an existing account with that email, through
 * the same commands as any other change, so it produces the same events. An existing
 * account keeps its password.
 */
@CommandHandler(EnsureAdminCommand)
export class EnsureAdminHandler implements ICommandHandler<EnsureAdminCommand> {
  constructor(
    private readonly users: UsersRepository,
    private readonly commands: InstrumentedCommandBus,
  ) {}

  async execute({
    email,
    password,
    name,
  }: EnsureAdminCommand): Promise<{ userId: string; outcome: EnsureAdminOutcome }> {
    for (;;) {
      const existing = await this.users.findCredentials(email);
      if (existing?.roles.includes('admin')) return { userId: existing._id, outcome: 'unchanged' };
      if (existing) {
        const roles = [...existing.roles, 'admin' as const];
        await this.commands.execute(new UpdateUserCommand(CONFIGURATION, existing._id, { roles }));
        return { userId: existing._id, outcome: 'promoted' };
      }
      try {
        const user = await this.commands.execute(new RegisterUserCommand(email, password, name, ['admin']));
        return { userId: user.id, outcome: 'created' };
      } catch (error) {
        // Another process registered it a moment ago: look again.
        if (!(error instanceof EmailTakenError)) throw error;
      }
    }
  }
}
