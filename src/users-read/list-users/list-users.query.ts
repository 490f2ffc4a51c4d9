import { Query } from '@nestjs/cqrs';
import type { Page, UserViewResponse } from '../user-view.response';

export class ListUsersQuery extends Query<Page<UserViewResponse>> {
  constructor(
    readonly limit: number,
    readonly offset: number,
  ) {
    super();
  }
}
