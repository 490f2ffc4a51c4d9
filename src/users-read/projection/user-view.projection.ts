import type { UserEvent, UserSnapshot } from '../../contracts/user-events';
import type { UserView } from '../user-view.schema';

export type UserViewState = UserView;

function fromSnapshot(user: UserSnapshot, version: number): UserViewState {
  return {
    _id: user.id,
    email: user.email,
    name: user.name,
    roles: [...user.roles],
    isActive: user.isActive,
    createdAt: new Date(user.createdAt),
    updatedAt: new Date(user.updatedAt),
    version,
    roleCount: user.roles.length,
    isBuyer: user.roles.includes('buyer'),
    isSeller: user.roles.includes('seller'),
    deleted: false,
  };
}

/**
 * The read model's state after `event`, given the state before it (null: never seen).
 * Pure. Returns `current` itself when the event changes nothing, which is what makes
 * at-least-once delivery safe:
 * - an event whose version is not newer than the stored one is a duplicate or arrived late;
 * - a tombstone is final: no event brings a deleted user back.
 * Every event carries the full public snapshot, so the newest one alone decides the state,
 * whatever order the events arrive in.
 */
export function evolve(current: UserViewState | null, event: UserEvent): UserViewState | null {
  if (current && (event.version <= current.version || current.deleted)) return current;
  switch (event.type) {
    case 'UserCreated':
    case 'UserUpdated':
      return fromSnapshot(event.user, event.version);
    case 'UserDeleted':
      return {
        _id: event.userId,
        isActive: false,
        version: event.version,
        deleted: true,
        deletedAt: new Date(event.deletedAt),
      };
  }
}

/**
 * One user's events (in delivery order) folded onto their stored state: the state to store,
 * and for each event whether it changed anything.
 */
export function fold(
  stored: UserViewState | null,
  events: UserEvent[],
): { next: UserViewState | null; applied: boolean[] } {
  let next = stored;
  const applied = events.map((event) => {
    const after = evolve(next, event);
    if (after === next || after === null) return false;
    next = after;
    return true;
  });
  return { next, applied };
}

/**
 * Whether `next` may replace `stored` without folding the events onto it again: a view that
 * is older and not deleted (or none at all) changes nothing in how a batch folds.
 */
export function isSupersededBy(stored: UserViewState | null, next: UserViewState): boolean {
  return stored === null || (!stored.deleted && stored.version < next.version);
}
