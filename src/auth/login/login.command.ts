import { Command } from '@nestjs/cqrs';
import type { AccessToken } from '../token.service';

export class LoginCommand extends Command<AccessToken> {
  constructor(
    readonly email: string,
    readonly password: string,
  ) {
    super();
  }
}
