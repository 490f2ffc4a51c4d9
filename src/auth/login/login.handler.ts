import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PasswordHasher } from '../../users/password-hasher';
import { UsersRepository } from '../../users/users.repository';
import { AccessToken, TokenService } from '../token.service';
import { InvalidCredentialsError } from './invalid-credentials.error';
import { LoginCommand } from './login.command';

/** Logins read the write model: it is the only place that holds password hashes. */
@CommandHandler(LoginCommand)
export class LoginHandler implements ICommandHandler<LoginCommand> {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
  ) {}

  async execute({ email, password }: LoginCommand): Promise<AccessToken> {
    const credentials = await this.users.findCredentials(email);
    const valid = credentials
      ? await this.hasher.verify(password, credentials.passwordHash)
      : await this.hasher.verifyNothing(password);
    if (!credentials || !valid || !credentials.isActive) throw new InvalidCredentialsError();
    return this.tokens.issue({ id: credentials._id, roles: credentials.roles });
  }
}
