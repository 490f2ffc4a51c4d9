import { Command } from '@nestjs/cqrs';

export type EnsureAdminOutcome = 'created' | 'promoted' | 'unchanged';

/** Makes sure the configured account exists and is an admin. */
export class EnsureAdminCommand extends Command<{ userId: string; outcome: EnsureAdminOutcome }> {
  constructor(
    readonly email: string,
    readonly password: string,
    readonly name: string,
  ) {
    super();
  }
}
