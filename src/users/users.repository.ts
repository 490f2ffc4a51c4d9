import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted } from 'mongoose';
import { OutboxEntry, PendingOutbox } from '../infrastructure/outbox/outbox-entry';
import { OutboxStore } from '../infrastructure/outbox/outbox-store';
import { EmailTakenError } from './email-taken.error';
import { User } from './user.schema';
import { UserWriteLock } from './user-write-lock';

export type UserState = Omit<User, 'outbox' | 'outboxIds'>;

/** What a login needs, and nothing else. */
export interface Credentials {
  _id: string;
  passwordHash: string;
  roles: User['roles'];
  isActive: boolean;
}

const DUPLICATE_KEY = 11000;

/** Documents with at least one event waiting (event ids are non-empty strings). */
const PENDING = { outboxIds: trusted({ $gt: '' }) };

/**
 * The only code that touches the `users` collection. Lookups filter on one field wherever
 * they can: FerretDB serves single-field filters from its storage, while a second field
 * makes it read and filter the whole collection itself.
 */
@Injectable()
export class UsersRepository implements OutboxStore {
  constructor(
    @InjectModel(User.name) private readonly users: Model<User>,
    private readonly lock: UserWriteLock,
  ) {}

  /** Inserts the user and its first event in one write. Throws EmailTakenError on a duplicate. */
  async insert(user: UserState, event: OutboxEntry): Promise<void> {
    try {
      await this.users.create({ ...user, outbox: { [event.eventId]: event }, outboxIds: [event.eventId] });
    } catch (error) {
      if (isDuplicateKey(error)) throw new EmailTakenError();
      throw error;
    }
  }

  /** The user as it is now, or null when there is none or it was deleted. */
  async findActive(id: string): Promise<UserState | null> {
    const user = await this.users.findOne({ _id: id }, { outbox: 0, outboxIds: 0 }).lean<UserState>().exec();
    return user?.isActive ? user : null;
  }

  /** Who a token's subject is now: the guard checks this (through UserAccessCache). */
  findAccess(id: string): Promise<Pick<User, 'roles' | 'isActive'> | null> {
    return this.users
      .findOne({ _id: id }, { _id: 0, roles: 1, isActive: 1 })
      .lean<Pick<User, 'roles' | 'isActive'>>()
      .exec();
  }

  findCredentials(email: string): Promise<Credentials | null> {
    return this.users.findOne({ email }, { _id: 1, passwordHash: 1, roles: 1, isActive: 1 }).lean<Credentials>().exec();
  }

  /**
   * Writes `changes` and the event describing them in one write, only if the user is still
   * at `expectedVersion` (compare-and-set). False when another change got there first.
   */
  async applyChange(
    id: string,
    expectedVersion: number,
    changes: Partial<UserState>,
    event: OutboxEntry,
  ): Promise<boolean> {
    const result = await this.users
      .updateOne(
        { _id: id, version: expectedVersion },
        { $set: { ...changes, [`outbox.${event.eventId}`]: event }, $push: { outboxIds: event.eventId } },
      )
      .exec();
    return result.matchedCount === 1;
  }

  /** Every user, deleted ones included, in id order, `size` at a time (hashes and outbox left out). */
  async *scan(size: number): AsyncGenerator<UserState[]> {
    let after = '';
    for (;;) {
      const users = await this.users
        .find({ _id: trusted({ $gt: after }) }, { passwordHash: 0, outbox: 0, outboxIds: 0 })
        .sort({ _id: 1 })
        .limit(size)
        .lean<UserState[]>()
        .exec();
      if (users.length === 0) return;
      yield users;
      after = users[users.length - 1]!._id;
    }
  }

  async findPending(createdBefore: Date, limit: number): Promise<PendingOutbox[]> {
    const docs = await this.users
      .find(PENDING, { _id: 1, outbox: 1 })
      .sort({ updatedAt: 1 })
      .limit(limit)
      .lean<Array<Pick<User, '_id' | 'outbox'>>>()
      .exec();
    return docs
      .map((doc) => ({ ownerId: doc._id, entries: Object.values(doc.outbox) }))
      .filter(({ entries }) => entries.some((entry) => new Date(entry.createdAt) < createdBefore));
  }

  countPending(): Promise<number> {
    return this.users.countDocuments(PENDING).exec();
  }

  /**
   * Queued with the user's commands (see UserWriteLock): FerretDB writes whole documents back.
   * Removing an entry twice is harmless, so the filter is the id alone.
   */
  async markPublished(ownerId: string, eventId: string): Promise<void> {
    await this.lock.run(ownerId, async () => {
      await this.users
        .updateOne({ _id: ownerId }, { $unset: { [`outbox.${eventId}`]: '' }, $pull: { outboxIds: eventId } })
        .exec();
    });
  }
}

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === DUPLICATE_KEY;
}
