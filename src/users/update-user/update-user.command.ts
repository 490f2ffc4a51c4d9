import { Command } from '@nestjs/cqrs';
import type { IfMatch } from '../../infrastructure/http/etag';
import type { Principal } from '../../infrastructure/http/principal';
import type { UserResult } from '../user-snapshot';
import type { UserChange } from './decide-update';

export class UpdateUserCommand extends Command<UserResult> {
  constructor(
    readonly actor: Principal,
    readonly userId: string,
    readonly change: UserChange,
    readonly ifMatch?: IfMatch,
  ) {
    super();
  }
}
