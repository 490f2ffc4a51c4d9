import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppConfig } from '../../config/app-config';
import { loggerOptions } from './logger-options';

/** JSON logs through pino; `destination` lets tests capture every line. */
@Module({})
export class LoggingModule {
  static forRoot(destination?: DestinationStream): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => {
            const options = loggerOptions(config);
            // Request lines come from our own Fastify hooks (http-trace.hook.ts), so the
            // pino-http middleware is mounted on no route at all.
            return {
              pinoHttp: destination ? [options, destination] : options,
              forRoutes: [],
            };
          },
        }),
      ],
    };
  }
}
