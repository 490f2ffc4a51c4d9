import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { InvalidEventError, parseUserEvent } from '../contracts/parse-user-event';
import { userEventSubject } from '../contracts/user-events';
import { runWithTrace, traceIdFromTraceparent } from '../infrastructure/logging/trace-context';
import { DurableConsumer, InboundMessage } from '../infrastructure/nats/durable-consumer';
import { MessageOutcome } from '../infrastructure/nats/message-settlement';
import { DurableConsumers } from '../infrastructure/nats/durable-consumers';
import { Mailer } from './mailer';

export const WELCOME_EMAIL_DURABLE = 'welcome-email';

/**
 * A side effect on its own durable consumer, so a slow or failing mailer never holds up
 * the read model. At-least-once: after a crash between sending and acking, the e-mail
 * may be sent twice.
 */
@Injectable()
export class SendWelcomeEmailOnUserCreated implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumer: DurableConsumer;

  constructor(
    consumers: DurableConsumers,
    config: AppConfig,
    private readonly mailer: Mailer,
    @InjectPinoLogger(SendWelcomeEmailOnUserCreated.name) private readonly logger: PinoLogger,
  ) {
    this.consumer = consumers.create(logger, {
      durableName: WELCOME_EMAIL_DURABLE,
      filterSubject: userEventSubject(config.subjectPrefix, 'UserCreated'),
      maxBatch: 20,
      handle: (batch) => Promise.all(batch.map((message) => this.handleOne(message))),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
  }

  private async handleOne(message: InboundMessage): Promise<MessageOutcome> {
    let event;
    try {
      event = parseUserEvent(message.data);
    } catch (error) {
      if (error instanceof InvalidEventError) return { type: 'poison', reason: error.message };
      throw error;
    }
    const described = { eventType: event.type, occurredAt: event.occurredAt };
    if (event.type !== 'UserCreated') return { type: 'ack', ...described };
    const { user } = event;
    const traceId = traceIdFromTraceparent(message.traceparent) ?? event.traceId;
    const fields = { event_id: event.eventId, event_type: event.type, user_id: user.id, version: event.version };
    return runWithTrace(
      traceId,
      async (): Promise<MessageOutcome> => {
        const startedAt = performance.now();
        try {
          await this.mailer.sendWelcome({ userId: user.id, email: user.email, name: user.name });
          this.logger.info(
            { duration_ms: Math.round((performance.now() - startedAt) * 10) / 10 },
            'Welcome email sent',
          );
          return { type: 'ack', ...described };
        } catch (error) {
          this.logger.warn({ err: error }, 'Welcome email failed, will retry');
          return { type: 'retry', reason: error instanceof Error ? error.message : String(error), ...described };
        }
      },
      fields,
    );
  }
}
