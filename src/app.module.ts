import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { DestinationStream } from 'pino';
import { AuthModule } from './auth/auth.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { ProcessRole } from './config/process-role';
import { CommandsModule } from './infrastructure/cqrs/commands.module';
import { DeadLettersModule } from './infrastructure/dead-letters/dead-letters.module';
import { HealthModule } from './infrastructure/health/health.module';
import { HttpDrain } from './infrastructure/http/http-drain';
import { HttpExceptionFilter } from './infrastructure/http/http-exception.filter';
import { createValidationPipe } from './infrastructure/http/validation';
import { LoggingModule } from './infrastructure/logging/logging.module';
import { MetricsModule } from './infrastructure/metrics/metrics.module';
import { MongoModule } from './infrastructure/mongo/mongo.module';
import { NatsModule } from './infrastructure/nats/nats.module';
import { RuntimeModule } from './infrastructure/runtime/runtime.module';
import { NotificationsModule } from './notifications/notifications.module';
import { UsersReadModule } from './users-read/users-read.module';
import { UsersModule } from './users/users.module';

export interface AppOptions {
  /** Where log lines go instead of stdout (tests capture them). */
  logDestination?: DestinationStream;
  /** Defaults to APP_ROLE; command-line tools pass ProcessRole.tool(). */
  role?: ProcessRole;
}

/**
 * The composition root: the one place that knows every module, and which of them a
 * process runs. `api` serves HTTP (commands, queries, auth) and relays the outbox;
 * `worker` runs the consumers (the projection, the welcome e-mail); `all` does both.
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppOptions = {}): DynamicModule {
    const role = options.role ?? ProcessRole.of(config);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, role),
        LoggingModule.forRoot(options.logDestination),
        RuntimeModule,
        CqrsModule.forRoot(),
        CommandsModule,
        MetricsModule.forRole(role),
        HealthModule,
        MongoModule,
        NatsModule,
        DeadLettersModule,
        ...(role.api ? [AuthModule, UsersModule] : []),
        UsersReadModule.forRole(role),
        ...(role.worker ? [NotificationsModule] : []),
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        HttpDrain,
      ],
    };
  }
}
