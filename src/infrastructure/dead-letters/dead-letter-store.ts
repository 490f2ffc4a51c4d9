import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { DeadLetter } from './dead-letter';

export const DEAD_LETTERS_COLLECTION = 'dead_letters';

/** The `dead_letters` collection: parked messages, kept until re-driven or removed. */
@Injectable()
export class DeadLetterStore {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  private get collection() {
    return this.connection.collection<DeadLetter>(DEAD_LETTERS_COLLECTION);
  }

  async park(letter: DeadLetter): Promise<void> {
    await this.collection.replaceOne({ _id: letter._id }, letter, { upsert: true });
  }

  list(consumer?: string): Promise<DeadLetter[]> {
    return this.collection
      .find(consumer ? { consumer } : {})
      .sort({ parkedAt: 1 })
      .toArray();
  }

  async remove(id: string): Promise<void> {
    await this.collection.deleteOne({ _id: id });
  }

  async recordFailure(id: string, error: string): Promise<void> {
    await this.collection.updateOne({ _id: id }, { $set: { error }, $inc: { deliveries: 1 } });
  }
}
