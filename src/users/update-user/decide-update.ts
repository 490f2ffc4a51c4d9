import type { Role } from '../../contracts/user-events';
import type { Principal } from '../../infrastructure/http/principal';
import { ChangeForbiddenError } from '../change-forbidden.error';
import { canonicalRoles } from '../user-fields';
import type { UserState } from '../users.repository';

export interface UserChange {
  name?: string;
  roles?: Role[];
}

export type UpdateDecision =
  { changed: false } | { changed: true; changes: UserChange; next: Pick<UserState, 'name' | 'roles'> };

export function isAdmin(actor: Principal): boolean {
  return actor.roles.includes('admin');
}

/** Users act on their own account; admins on anyone's. Checked before any lookup, so a 403 reveals nothing. */
export function assertMayChange(actor: Principal, userId: string): void {
  if (!isAdmin(actor) && actor.id !== userId) throw new ChangeForbiddenError('you may only change your own account');
}

/**
 * What an update does to `current`: only the fields that really change. Pure.
 * Only an admin may grant or remove `admin`; anyone may switch between buyer and seller.
 */
export function decideUpdate(current: UserState, change: UserChange, actor: Principal): UpdateDecision {
  assertMayChange(actor, current._id);
  const changes: UserChange = {};
  if (change.name !== undefined && change.name !== current.name) changes.name = change.name;
  if (change.roles !== undefined) {
    const roles = canonicalRoles(change.roles);
    if (!isAdmin(actor) && roles.includes('admin') !== current.roles.includes('admin')) {
      throw new ChangeForbiddenError('only an admin may grant or remove the admin role');
    }
    if (roles.join() !== canonicalRoles(current.roles).join()) changes.roles = roles;
  }
  if (changes.name === undefined && changes.roles === undefined) return { changed: false };
  return {
    changed: true,
    changes,
    next: { name: changes.name ?? current.name, roles: changes.roles ?? current.roles },
  };
}
