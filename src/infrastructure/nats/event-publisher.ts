import { Injectable } from '@nestjs/common';
import { headers } from 'nats';
import { AppConfig } from '../../config/app-config';
import { newSpanId } from '../logging/trace-context';
import { NatsClient } from './nats-client';

export interface OutgoingMessage {
  subject: string;
  payload: string;
  /** Sent as Nats-Msg-Id: JetStream drops a second publish of the same id. */
  msgId: string;
  traceId: string;
}

const PUBLISH_TIMEOUT_MS = 5000;
const encoder = new TextEncoder();

/** Publishes to the event stream and resolves only once JetStream has stored the message. */
@Injectable()
export class EventPublisher {
  private readonly streamName: string;

  constructor(
    private readonly nats: NatsClient,
    config: AppConfig,
  ) {
    this.streamName = config.natsStream;
  }

  async publish(message: OutgoingMessage): Promise<{ sequence: number; duplicate: boolean }> {
    const h = headers();
    h.set('Content-Type', 'application/json');
    if (/^[0-9a-f]{32}$/.test(message.traceId)) {
      h.set('traceparent', `00-${message.traceId}-${newSpanId()}-01`);
    }
    const ack = await this.nats.jetstream.publish(message.subject, encoder.encode(message.payload), {
      msgID: message.msgId,
      headers: h,
      timeout: PUBLISH_TIMEOUT_MS,
      expect: { streamName: this.streamName },
    });
    return { sequence: ack.seq, duplicate: ack.duplicate };
  }
}
