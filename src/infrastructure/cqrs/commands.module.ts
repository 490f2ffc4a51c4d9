import { Global, Module } from '@nestjs/common';
import { InstrumentedCommandBus } from './instrumented-command-bus';

@Global()
@Module({ providers: [InstrumentedCommandBus], exports: [InstrumentedCommandBus] })
export class CommandsModule {}
