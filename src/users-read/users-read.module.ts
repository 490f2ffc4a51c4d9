import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ProcessRole } from '../config/process-role';
import { GetUserByIdHandler } from './get-user-by-id/get-user-by-id.handler';
import { ListUsersByRoleHandler } from './list-users-by-role/list-users-by-role.handler';
import { ListUsersHandler } from './list-users/list-users.handler';
import { UserViewConsumer } from './projection/user-view.consumer';
import { UserViewStore } from './projection/user-view.store';
import { ReadModelRebuilder } from './rebuild/read-model-rebuilder';
import { UserView, UserViewSchema } from './user-view.schema';
import { UserViews } from './user-views';
import { UsersReadController } from './users-read.controller';

/**
 * The read side: owns `users_read`, learns about users only from events. Queries where
 * there is an API, the projection where there is a worker.
 */
@Module({})
export class UsersReadModule {
  static forRole(role: ProcessRole): DynamicModule {
    return {
      module: UsersReadModule,
      imports: [MongooseModule.forFeature([{ name: UserView.name, schema: UserViewSchema }])],
      controllers: role.api ? [UsersReadController] : [],
      providers: [
        ...(role.api ? [UserViews, GetUserByIdHandler, ListUsersHandler, ListUsersByRoleHandler] : []),
        ...(role.worker ? [UserViewStore, UserViewConsumer, ReadModelRebuilder] : []),
      ],
      exports: role.worker ? [ReadModelRebuilder] : [],
    };
  }
}
