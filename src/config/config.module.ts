import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config';
import { ProcessRole } from './process-role';

/** Makes the validated configuration and the process role injectable everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig, role: ProcessRole): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: ProcessRole, useValue: role },
      ],
      exports: [AppConfig, ProcessRole],
    };
  }
}
