import { OutboxEntry, PendingOutbox } from './outbox-entry';

/**
 * Where pending events live. Implemented by the feature that owns the documents, since the
 * outbox is a field of each document: the change and its event are one single-document write.
 */
export abstract class OutboxStore {
  /** Owners with at least one entry created before `createdBefore`, oldest first. */
  abstract findPending(createdBefore: Date, limit: number): Promise<PendingOutbox[]>;
  /** Removes one published entry; removing an entry that is already gone is not an error. */
  abstract markPublished(ownerId: string, eventId: string): Promise<void>;
  /** How many owners have something waiting, for readiness and metrics. */
  abstract countPending(): Promise<number>;
}

export function byVersion(a: OutboxEntry, b: OutboxEntry): number {
  return a.version - b.version;
}
