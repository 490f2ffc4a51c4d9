import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig } from '../../config/app-config';
import { ProcessRole } from '../../config/process-role';
import { DeadLetterStore } from '../dead-letters/dead-letter-store';
import { ReadinessChecks } from '../health/readiness-checks';
import { Metrics } from '../metrics/metrics';
import { Faults } from '../runtime/faults';
import { DurableConsumer, DurableConsumerOptions } from './durable-consumer';
import { EventStream } from './event-stream';
import { NatsClient } from './nats-client';

/**
 * Makes durable consumers wired to this process's NATS, metrics, readiness, dead letters
 * and logs, and knows them by name (to re-drive parked messages through the right one).
 */
@Injectable()
export class DurableConsumers {
  private readonly byName = new Map<string, DurableConsumer>();

  constructor(
    private readonly nats: NatsClient,
    private readonly stream: EventStream,
    private readonly metrics: Metrics,
    private readonly readiness: ReadinessChecks,
    private readonly deadLetters: DeadLetterStore,
    private readonly faults: Faults,
    private readonly config: AppConfig,
    private readonly role: ProcessRole,
  ) {}

  create(logger: PinoLogger, options: DurableConsumerOptions): DurableConsumer {
    const { nats, stream, metrics, readiness, deadLetters, faults, config } = this;
    const consumer = new DurableConsumer(
      { nats, stream, metrics, readiness, deadLetters, faults, config, logger, background: this.role.background },
      options,
    );
    this.byName.set(options.durableName, consumer);
    return consumer;
  }

  get(name: string): DurableConsumer | undefined {
    return this.byName.get(name);
  }
}
