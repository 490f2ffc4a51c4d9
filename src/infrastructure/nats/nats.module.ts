import { Global, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig } from '../../config/app-config';
import { ReadinessChecks } from '../health/readiness-checks';
import { connectNats } from './connect-nats';
import { DurableConsumers } from './durable-consumers';
import { EventPublisher } from './event-publisher';
import { EventStream } from './event-stream';
import { StreamReplay } from './stream-replay';
import { ConnectedNatsClient, NatsClient } from './nats-client';

@Global()
@Module({
  providers: [
    {
      provide: NatsClient,
      inject: [AppConfig, PinoLogger],
      useFactory: async (config: AppConfig, logger: PinoLogger): Promise<NatsClient> => {
        logger.setContext('Nats');
        const connection = await connectNats(config.natsUrl, config.startupTimeoutMs, logger);
        return new ConnectedNatsClient(connection, await connection.jetstreamManager());
      },
    },
    EventStream,
    EventPublisher,
    DurableConsumers,
    StreamReplay,
  ],
  exports: [NatsClient, EventStream, EventPublisher, DurableConsumers, StreamReplay],
})
export class NatsModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly nats: NatsClient,
    private readonly stream: EventStream,
    private readonly readiness: ReadinessChecks,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.stream.ensure();
    this.readiness.add('nats', () => Promise.resolve({ ok: this.nats.isConnected() }));
    this.readiness.add('stream', async () => {
      const info = await this.nats.manager.streams.info(this.stream.name);
      return { ok: true, details: { messages: info.state.messages } };
    });
  }

  /** Runs after every consumer and relay has stopped: drain delivers what is still buffered. */
  async onApplicationShutdown(): Promise<void> {
    if (!this.nats.connection.isClosed()) await this.nats.connection.drain();
  }
}
