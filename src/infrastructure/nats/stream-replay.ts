import { Injectable } from '@nestjs/common';
import { DeliverPolicy } from 'nats';
import { InboundMessage, toInbound } from './durable-consumer';
import { EventStream } from './event-stream';
import { NatsClient } from './nats-client';

/** Reads the event log back from JetStream, in order, without touching any durable consumer. */
@Injectable()
export class StreamReplay {
  constructor(
    private readonly nats: NatsClient,
    private readonly stream: EventStream,
  ) {}

  /** The sequence of the newest message in the stream (0 when empty). */
  async lastSequence(): Promise<number> {
    return (await this.nats.manager.streams.info(this.stream.name)).state.last_seq;
  }

  /** Messages with sequences fromSeq..toSeq, in batches, through an ephemeral ordered consumer. */
  async *replay(fromSeq: number, toSeq: number, batchSize: number): AsyncGenerator<InboundMessage[]> {
    if (toSeq < fromSeq) return;
    const consumer = await this.nats.jetstream.consumers.get(this.stream.name, {
      filterSubjects: this.stream.subjects,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: fromSeq,
    });
    const messages = await consumer.consume({ max_messages: batchSize * 2 });
    let batch: InboundMessage[] = [];
    try {
      for await (const message of messages) {
        batch.push(toInbound(message));
        if (message.seq >= toSeq) break;
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    } finally {
      await messages.close();
    }
  }
}
