import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { OutboxRelay } from '../infrastructure/outbox/outbox-relay';
import { OutboxStore } from '../infrastructure/outbox/outbox-store';
import { OutboxSweeper } from '../infrastructure/outbox/outbox-sweeper';
import { PasswordHasher } from './password-hasher';
import { PasswordPolicy } from './password-policy';
import { DeleteUserHandler } from './delete-user/delete-user.handler';
import { AdminBootstrap } from './ensure-admin/admin-bootstrap';
import { EnsureAdminHandler } from './ensure-admin/ensure-admin.handler';
import { RegisterUserHandler } from './register-user/register-user.handler';
import { UsersAsEvents } from './replay/users-as-events';
import { UpdateUserHandler } from './update-user/update-user.handler';
import { User, UserSchema } from './user.schema';
import { UserAccessCache } from './user-access.cache';
import { UserChanges } from './user-changes';
import { UserWriteLock } from './user-write-lock';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';

/** The write side: owns the `users` collection, its commands and the events they produce. */
@Module({
  imports: [MongooseModule.forFeature([{ name: User.name, schema: UserSchema }])],
  controllers: [UsersController],
  providers: [
    UsersRepository,
    { provide: OutboxStore, useExisting: UsersRepository },
    OutboxRelay,
    OutboxSweeper,
    PasswordHasher,
    PasswordPolicy,
    UserWriteLock,
    UserAccessCache,
    UserChanges,
    RegisterUserHandler,
    UpdateUserHandler,
    DeleteUserHandler,
    EnsureAdminHandler,
    AdminBootstrap,
    UsersAsEvents,
  ],
  exports: [UsersRepository, PasswordHasher, UsersAsEvents, UserAccessCache],
})
export class UsersModule {}
