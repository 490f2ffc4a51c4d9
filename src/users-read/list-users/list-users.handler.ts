import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Page, UserViewResponse } from '../user-view.response';
import { UserViews } from '../user-views';
import { ListUsersQuery } from './list-users.query';

@QueryHandler(ListUsersQuery)
export class ListUsersHandler implements IQueryHandler<ListUsersQuery> {
  constructor(private readonly views: UserViews) {}

  execute({ limit, offset }: ListUsersQuery): Promise<Page<UserViewResponse>> {
    return this.views.page({}, limit, offset);
  }
}
