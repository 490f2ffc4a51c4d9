import { Command } from '@nestjs/cqrs';
import type { Role } from '../../contracts/user-events';
import type { UserResult } from '../user-snapshot';

export class RegisterUserCommand extends Command<UserResult> {
  constructor(
    readonly email: string,
    readonly password: string,
    readonly name: string,
    readonly roles: Role[],
  ) {
    super();
  }
}
