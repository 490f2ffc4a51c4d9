import { Injectable } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import type { Collection, Connection, Model, mongo } from 'mongoose';
import type { UserEvent } from '../../contracts/user-events';
import { DurableConsumers } from '../../infrastructure/nats/durable-consumers';
import { StreamReplay } from '../../infrastructure/nats/stream-replay';
import { inParallel } from '../../infrastructure/runtime/in-parallel';
import { PROJECTION_DURABLE } from '../projection/user-view.consumer';
import { evolve, UserViewState } from '../projection/user-view.projection';
import { UserView } from '../user-view.schema';

export interface BuildResult {
  collection: string;
  users: number;
  events: number;
  /** Of the whole build, the time spent writing the documents (the rest is reading and folding). */
  writeSeconds: number;
}

export type Progress = (events: number) => void;

const WRITE_BATCH = 1000;
/** Batches written at once: the database works on one while the driver sends the next. */
const WRITES_IN_FLIGHT = 2;
const CATCH_UP_BATCH = 500;

/**
 * Rebuilds `users_read` without readers ever seeing a half-built model: events are folded
 * (with the same pure `evolve` as the live projection) into a fresh collection, which is
 * swapped in once complete; then every event the stream received meanwhile is applied
 * again through the live projection, so nothing that arrived during the rebuild is lost.
 */
@Injectable()
export class ReadModelRebuilder {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    @InjectModel(UserView.name) private readonly views: Model<UserView>,
    private readonly replay: StreamReplay,
    private readonly consumers: DurableConsumers,
  ) {}

  get liveCollection(): string {
    return this.views.collection.collectionName;
  }

  /**
   * Folds the events, in any order and with duplicates, into a new collection with the live
   * indexes. The collection and its indexes are made while the events are read; on failure
   * the new collection is dropped.
   */
  async build(batches: AsyncIterable<UserEvent[]>, progress: Progress): Promise<BuildResult> {
    const collection = `${this.liveCollection}_rebuild_${Date.now()}`;
    const prepared = this.createWithLiveIndexes(collection);
    // Awaited below; until then a failure must not count as unhandled.
    prepared.catch(() => undefined);
    try {
      const states = new Map<string, UserViewState>();
      let events = 0;
      for await (const batch of batches) {
        for (const event of batch) {
          const next = evolve(states.get(event.userId) ?? null, event);
          if (next) states.set(event.userId, next);
        }
        events += batch.length;
        progress(events);
      }
      const writeStartedAt = performance.now();
      await this.writeAll(await prepared, [...states.values()]);
      return { collection, users: states.size, events, writeSeconds: (performance.now() - writeStartedAt) / 1000 };
    } catch (error) {
      await prepared.catch(() => undefined);
      await this.connection.db!.dropCollection(collection).catch(() => false);
      throw error;
    }
  }

  /** WRITE_BATCH documents per insert, WRITES_IN_FLIGHT inserts at once (see inParallel on failures). */
  private async writeAll(fresh: Collection, docs: UserViewState[]): Promise<void> {
    const batches: UserViewState[][] = [];
    for (let i = 0; i < docs.length; i += WRITE_BATCH) batches.push(docs.slice(i, i + WRITE_BATCH));
    await inParallel(batches, WRITES_IN_FLIGHT, async (batch) => {
      await fresh.insertMany(batch as never[]);
    });
  }

  private async createWithLiveIndexes(name: string): Promise<Collection> {
    const fresh = this.connection.collection(name);
    for (const [fields, options] of this.views.schema.indexes()) {
      await fresh.createIndex(fields as Record<string, 1 | -1>, options as mongo.CreateIndexesOptions);
    }
    return fresh;
  }

  /**
   * Puts the new collection in place of the live one. MongoDB does it in one atomic rename;
   * FerretDB v1 has no dropTarget, so there it is a drop then a rename, during which
   * queries see an empty model for a few milliseconds.
   */
  async swapIn(collection: string): Promise<void> {
    const live = this.liveCollection;
    try {
      await this.connection.db!.renameCollection(collection, live, { dropTarget: true });
      return;
    } catch (error) {
      if (!(error instanceof Error) || !/dropTarget/.test(error.message)) throw error;
    }
    for (let attempt = 1; ; attempt++) {
      await this.connection.db!.dropCollection(live).catch(() => false);
      try {
        await this.connection.db!.renameCollection(collection, live);
        return;
      } catch (error) {
        // The live projection recreated the collection between the two steps: once more.
        if (attempt >= 5) throw error;
      }
    }
  }

  /**
   * Applies stream messages fromSeq..now through the live projection (version-guarded, so
   * applying an event twice is harmless). Returns the number of messages applied.
   */
  async catchUp(fromSeq: number): Promise<number> {
    const projection = this.consumers.get(PROJECTION_DURABLE);
    if (!projection) throw new Error('the projection consumer is not part of this process');
    let applied = 0;
    for await (const batch of this.replay.replay(fromSeq, await this.replay.lastSequence(), CATCH_UP_BATCH)) {
      let pending = batch;
      for (let attempt = 0; pending.length > 0; attempt++) {
        const outcomes = await projection.handleDirectly(pending);
        const retry = pending.filter((_, i) => outcomes[i]?.type === 'retry');
        if (attempt >= 10 && retry.length > 0) throw new Error(`${retry.length} events kept failing during catch-up`);
        pending = retry;
      }
      applied += batch.length;
    }
    return applied;
  }
}
