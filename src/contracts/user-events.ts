/**
 * The user event contract, as published on NATS JetStream. Version 1.
 * Consumers must accept unknown extra fields; a breaking change gets a new schemaVersion.
 * No event ever carries a password or a password hash.
 */

export const ROLES = ['buyer', 'seller', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The public view of a user after a change: what every projection needs, nothing secret. */
export interface UserSnapshot {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
}

interface UserEventBase<T extends string> {
  eventId: string;
  type: T;
  schemaVersion: 1;
  /** The user's version after this change: 1 for UserCreated, then +1 per change. */
  version: number;
  occurredAt: string;
  userId: string;
  traceId: string;
}

export interface UserCreated extends UserEventBase<'UserCreated'> {
  user: UserSnapshot;
}

export interface UserUpdated extends UserEventBase<'UserUpdated'> {
  changes: { name?: string; roles?: Role[] };
  user: UserSnapshot;
}

export interface UserDeleted extends UserEventBase<'UserDeleted'> {
  deletedAt: string;
}

export type UserEvent = UserCreated | UserUpdated | UserDeleted;
export type UserEventType = UserEvent['type'];

const SUBJECT_SUFFIX: Record<UserEventType, string> = {
  UserCreated: 'created',
  UserUpdated: 'updated',
  UserDeleted: 'deleted',
};

/** `users.created`, `users.updated`, `users.deleted` with the default prefix. */
export function userEventSubject(prefix: string, type: UserEventType): string {
  return `${prefix}.${SUBJECT_SUFFIX[type]}`;
}
