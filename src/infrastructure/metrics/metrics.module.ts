import { DynamicModule, Global, Module } from '@nestjs/common';
import { ProcessRole } from '../../config/process-role';
import { Metrics } from './metrics';
import { MetricsController } from './metrics.controller';
import { MetricsServer } from './metrics-server';

/** Metrics everywhere; `/metrics` on the API port only where there is an API (it needs auth). */
@Global()
@Module({})
export class MetricsModule {
  static forRole(role: ProcessRole): DynamicModule {
    return {
      module: MetricsModule,
      providers: [Metrics, MetricsServer],
      controllers: role.api ? [MetricsController] : [],
      exports: [Metrics],
    };
  }
}
