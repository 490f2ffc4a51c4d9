import { Query } from '@nestjs/cqrs';
import type { Role } from '../../contracts/user-events';
import type { Page, UserViewResponse } from '../user-view.response';

export class ListUsersByRoleQuery extends Query<Page<UserViewResponse>> {
  constructor(
    readonly role: Role,
    readonly limit: number,
    readonly offset: number,
  ) {
    super();
  }
}
