import { Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock';
import { Faults } from './faults';
import { IdGenerator, UuidGenerator } from './id-generator';

@Global()
@Module({
  providers: [{ provide: Clock, useClass: SystemClock }, { provide: IdGenerator, useClass: UuidGenerator }, Faults],
  exports: [Clock, IdGenerator, Faults],
})
export class RuntimeModule {}
