import { Injectable } from '@nestjs/common';
import { DurableConsumers } from '../nats/durable-consumers';
import { DeadLetter } from './dead-letter';
import { DeadLetterStore } from './dead-letter-store';

export interface RedriveResult {
  id: string;
  outcome: 'applied' | 'still failing';
  reason?: string;
}

/** Re-drives parked messages through the consumer that parked them, once the cause is fixed. */
@Injectable()
export class DeadLetters {
  constructor(
    private readonly store: DeadLetterStore,
    private readonly consumers: DurableConsumers,
  ) {}

  list(consumer?: string): Promise<DeadLetter[]> {
    return this.store.list(consumer);
  }

  /** Each parked message is handled again; those that now succeed leave dead_letters. */
  async redrive(consumer?: string): Promise<RedriveResult[]> {
    const results: RedriveResult[] = [];
    for (const letter of await this.store.list(consumer)) {
      const handler = this.consumers.get(letter.consumer);
      if (!handler) {
        results.push({ id: letter._id, outcome: 'still failing', reason: `no consumer ${letter.consumer} here` });
        continue;
      }
      const [outcome] = await handler.handleDirectly([
        {
          subject: letter.subject,
          data: Buffer.from(letter.data, 'base64'),
          traceparent: letter.traceparent,
          deliveryCount: letter.deliveries + 1,
          streamSequence: letter.streamSequence,
        },
      ]);
      if (outcome?.type === 'ack') {
        await this.store.remove(letter._id);
        results.push({ id: letter._id, outcome: 'applied' });
      } else {
        const reason = outcome && 'reason' in outcome ? outcome.reason : 'no outcome';
        await this.store.recordFailure(letter._id, reason);
        results.push({ id: letter._id, outcome: 'still failing', reason });
      }
    }
    return results;
  }
}
