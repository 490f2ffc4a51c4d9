import { Command } from '@nestjs/cqrs';
import type { IfMatch } from '../../infrastructure/http/etag';
import type { Principal } from '../../infrastructure/http/principal';

export class DeleteUserCommand extends Command<void> {
  constructor(
    readonly actor: Principal,
    readonly userId: string,
    readonly ifMatch?: IfMatch,
  ) {
    super();
  }
}
