import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { AnyBulkWriteOperation, Model, trusted } from 'mongoose';
import { inParallel } from '../../infrastructure/runtime/in-parallel';
import { UserView } from '../user-view.schema';
import type { UserViewState } from './user-view.projection';

export interface ViewWrite {
  next: UserViewState;
  /** The version the document had when it was read; null when there was none (an insert). */
  expectedVersion: number | null;
}

/**
 * Lookups and single writes in flight at once. One lookup per id rather than
 * `{_id: {$in: ids}}`: every MongoDB-compatible store answers an `_id` equality from its primary
 * key, while FerretDB (v1) answers `$in` by reading the whole collection, seconds per batch at
 * 10,000 users.
 */
const LOOKUPS_IN_FLIGHT = 16;

/** The projection's access to `users_read`: lookups by id, and guarded writes. */
@Injectable()
export class UserViewStore {
  constructor(@InjectModel(UserView.name) private readonly views: Model<UserView>) {}

  async load(ids: string[]): Promise<Map<string, UserViewState>> {
    const found = new Map<string, UserViewState>();
    await inParallel(ids, LOOKUPS_IN_FLIGHT, async (id) => {
      const doc = await this.views.findById(id).lean<UserViewState>().exec();
      if (doc) found.set(id, doc);
    });
    return found;
  }

  /**
   * Writes each view over the stored one without reading it first, where the stored one is
   * older and not deleted (see `isSupersededBy`), or inserts it where there is none. Returns
   * what each replaced (null: it was inserted), or `kept` where the stored view is newer or
   * deleted: the duplicate key of the upsert says so.
   */
  async replaceOlder(views: UserViewState[]): Promise<Map<string, UserViewState | null | 'kept'>> {
    const before = new Map<string, UserViewState | null | 'kept'>();
    await inParallel(views, LOOKUPS_IN_FLIGHT, async (next) => {
      try {
        const replaced = await this.views
          .findOneAndReplace({ _id: next._id, deleted: false, version: trusted({ $lt: next.version }) }, next, {
            upsert: true,
            returnDocument: 'before',
          })
          .lean<UserViewState>()
          .exec();
        before.set(next._id, replaced ?? null);
      } catch (error) {
        if ((error as { code?: unknown } | null)?.code !== 11000) throw error;
        before.set(next._id, 'kept');
      }
    });
    return before;
  }

  /**
   * Inserts a document only if there is none, and replaces one only if it still has the
   * version it was read with, so two projectors working on the same user never overwrite each
   * other's newer state. Returns the ids whose write lost such a race (or found a document
   * already there); their events must be folded again onto what is stored now.
   */
  async save(writes: ViewWrite[]): Promise<Set<string>> {
    if (writes.length === 0) return new Set();
    const ops: AnyBulkWriteOperation<UserView>[] = writes.map(({ next, expectedVersion }) =>
      expectedVersion === null
        ? { insertOne: { document: next } }
        : { replaceOne: { filter: { _id: next._id, version: expectedVersion }, replacement: next } },
    );
    const replaces = writes.filter(({ expectedVersion }) => expectedVersion !== null);
    let matched: number;
    const lost = new Set<string>();
    try {
      matched = (await this.views.bulkWrite(ops, { ordered: false })).matchedCount;
    } catch (error) {
      const duplicates = duplicateKeyIndexes(error);
      if (!duplicates) throw error;
      for (const index of duplicates) lost.add(writes[index]!.next._id);
      matched = (error as { result?: { matchedCount?: number } }).result?.matchedCount ?? 0;
    }
    if (matched < replaces.length) {
      // Which replacement found its document changed is not reported: read them back.
      const stored = await this.load(replaces.map(({ next }) => next._id));
      for (const { next } of replaces) if (stored.get(next._id)?.version !== next.version) lost.add(next._id);
    }
    return lost;
  }
}

/** The positions of the writes that failed on a duplicate key; null if anything else failed. */
function duplicateKeyIndexes(error: unknown): number[] | null {
  const writeErrors = (error as { writeErrors?: Array<{ code?: number; index?: number }> } | null)?.writeErrors;
  if (!Array.isArray(writeErrors) || writeErrors.length === 0) return null;
  if (!writeErrors.every((e) => e.code === 11000 && typeof e.index === 'number')) return null;
  return writeErrors.map((e) => e.index!);
}
