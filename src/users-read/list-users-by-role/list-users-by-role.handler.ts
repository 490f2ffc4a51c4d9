import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Page, UserViewResponse } from '../user-view.response';
import { UserViews } from '../user-views';
import { ListUsersByRoleQuery } from './list-users-by-role.query';

@QueryHandler(ListUsersByRoleQuery)
export class ListUsersByRoleHandler implements IQueryHandler<ListUsersByRoleQuery> {
  constructor(private readonly views: UserViews) {}

  execute({ role, limit, offset }: ListUsersByRoleQuery): Promise<Page<UserViewResponse>> {
    return this.views.page({ role }, limit, offset);
  }
}
