import { Injectable } from '@nestjs/common';
import type { UserEvent } from '../../contracts/user-events';
import { toSnapshot } from '../user-snapshot';
import { UserState, UsersRepository } from '../users.repository';

/**
 * The write model read back as one event per user, each carrying the user's current
 * version: what a read model is rebuilt from when the stream has been trimmed.
 */
@Injectable()
export class UsersAsEvents {
  constructor(private readonly users: UsersRepository) {}

  async *batches(size: number): AsyncGenerator<UserEvent[]> {
    for await (const users of this.users.scan(size)) yield users.map(asEvent);
  }
}

export function asEvent(user: UserState): UserEvent {
  const base = {
    eventId: `replay-${user._id}-${user.version}`,
    schemaVersion: 1 as const,
    version: user.version,
    occurredAt: user.updatedAt.toISOString(),
    userId: user._id,
    traceId: '',
  };
  if (!user.isActive) {
    return { ...base, type: 'UserDeleted', deletedAt: (user.deletedAt ?? user.updatedAt).toISOString() };
  }
  const snapshot = toSnapshot(user);
  return user.version === 1
    ? { ...base, type: 'UserCreated', user: snapshot }
    : { ...base, type: 'UserUpdated', changes: {}, user: snapshot };
}
