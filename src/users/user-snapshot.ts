import type { UserSnapshot } from '../contracts/user-events';
import type { User } from './user.schema';

/** The public view of a write-model user, field by field: the hash can never slip through. */
export function toSnapshot(user: Omit<User, 'outbox' | 'outboxIds'>): UserSnapshot {
  return {
    id: user._id,
    email: user.email,
    name: user.name,
    roles: [...user.roles],
    isActive: user.isActive,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

/** What a command answers: the snapshot plus the version the change produced. */
export interface UserResult extends UserSnapshot {
  version: number;
}

export function toUserResult(user: Omit<User, 'outbox' | 'outboxIds'>): UserResult {
  return { ...toSnapshot(user), version: user.version };
}
