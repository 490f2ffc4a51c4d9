import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { AnyBulkWriteOperation, Model, trusted } from 'mongoose';
import { UserView } from '../user-view.schema';
import type { UserViewState } from './user-view.projection';

export interface ViewWrite {
  next: UserViewState;
  /** The version the document had when it was read; null when there was none. */
  expectedVersion: number | null;
}

/** The projection's access to `users_read`: batch reads, and compare-and-set writes. */
@Injectable()
export class UserViewStore {
  constructor(@InjectModel(UserView.name) private readonly views: Model<UserView>) {}

  async load(ids: string[]): Promise<Map<string, UserViewState>> {
    const docs = await this.views
      .find({ _id: trusted({ $in: ids }) })
      .lean<UserViewState[]>()
      .exec();
    return new Map(docs.map((doc) => [doc._id, doc]));
  }

  /**
   * Writes each document only if it still has the version it was read with, so two
   * projectors working on the same user can never overwrite each other's newer state.
   * Returns the ids whose write lost such a race; their events must be handled again.
   */
  async save(writes: ViewWrite[]): Promise<Set<string>> {
    if (writes.length === 0) return new Set();
    const ops: AnyBulkWriteOperation<UserView>[] = writes.map(({ next, expectedVersion }) =>
      expectedVersion === null
        ? { insertOne: { document: next } }
        : {
            replaceOne: {
              filter: { _id: next._id, version: expectedVersion },
              replacement: next,
            },
          },
    );
    try {
      const result = await this.views.bulkWrite(ops, { ordered: false });
      if (result.insertedCount + result.matchedCount === writes.length) return new Set();
    } catch (error) {
      if (!isDuplicateKeyOnly(error)) throw error;
    }
    // Some writes lost a race: find out which by reading back what is stored now.
    const stored = await this.load(writes.map(({ next }) => next._id));
    return new Set(
      writes.filter(({ next }) => stored.get(next._id)?.version !== next.version).map(({ next }) => next._id),
    );
  }
}

function isDuplicateKeyOnly(error: unknown): boolean {
  const writeErrors = (error as { writeErrors?: Array<{ code?: number }> } | null)?.writeErrors;
  return Array.isArray(writeErrors) && writeErrors.length > 0 && writeErrors.every((e) => e.code === 11000);
}
