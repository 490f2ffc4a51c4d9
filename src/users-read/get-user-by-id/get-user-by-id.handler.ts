import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { UserViewResponse } from '../user-view.response';
import { UserViews } from '../user-views';
import { GetUserByIdQuery } from './get-user-by-id.query';

@QueryHandler(GetUserByIdQuery)
export class GetUserByIdHandler implements IQueryHandler<GetUserByIdQuery> {
  constructor(private readonly views: UserViews) {}

  execute({ id }: GetUserByIdQuery): Promise<UserViewResponse | undefined> {
    return this.views.findById(id);
  }
}
