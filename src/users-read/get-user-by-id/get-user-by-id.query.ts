import { Query } from '@nestjs/cqrs';
import type { UserViewResponse } from '../user-view.response';

/** Resolves to undefined when there is no live user with that id. */
export class GetUserByIdQuery extends Query<UserViewResponse | undefined> {
  constructor(readonly id: string) {
    super();
  }
}
