import { ChangeForbiddenError } from '../change-forbidden.error';
import type { UserState } from '../users.repository';
import { assertMayChange, decideUpdate } from './decide-update';

const at = new Date('2026-01-01T00:00:00.000Z');
const user: UserState = {
  _id: 'u1',
  email: 'u1@example.com',
  passwordHash: 'hash',
  name: 'Ada',
  roles: ['buyer'],
  isActive: true,
  createdAt: at,
  updatedAt: at,
  version: 3,
};
const self = { id: 'u1', roles: user.roles };
const other = { id: 'u2', roles: ['buyer' as const] };
const admin = { id: 'a1', roles: ['admin' as const] };

describe('decideUpdate', () => {
  it('keeps only what really changes', () => {
    expect(decideUpdate(user, { name: 'Grace', roles: ['buyer'] }, self)).toEqual({
      changed: true,
      changes: { name: 'Grace' },
      next: { name: 'Grace', roles: ['buyer'] },
    });
  });

  it('reports no change when nothing differs, roles compared as a set', () => {
    const both = { ...user, roles: ['buyer' as const, 'seller' as const] };
    expect(decideUpdate(both, { name: 'Ada', roles: ['seller', 'buyer'] }, { id: 'u1', roles: both.roles })).toEqual({
      changed: false,
    });
  });

  it('stores roles in one canonical order', () => {
    const decision = decideUpdate(user, { roles: ['seller', 'buyer'] }, self);
    expect(decision).toMatchObject({ changes: { roles: ['buyer', 'seller'] } });
  });

  it('lets users switch between buyer and seller but never touch admin', () => {
    expect(decideUpdate(user, { roles: ['seller'] }, self)).toMatchObject({ changed: true });
    expect(() => decideUpdate(user, { roles: ['buyer', 'admin'] }, self)).toThrow(
      new ChangeForbiddenError('only an admin may grant or remove the admin role'),
    );
  });

  it('lets an admin grant and remove admin', () => {
    expect(decideUpdate(user, { roles: ['admin'] }, admin)).toMatchObject({ changes: { roles: ['admin'] } });
    const anAdmin = { ...user, roles: ['buyer' as const, 'admin' as const] };
    expect(decideUpdate(anAdmin, { roles: ['buyer'] }, admin)).toMatchObject({ changes: { roles: ['buyer'] } });
  });

  it('refuses anyone else than the user or an admin, before looking at the change', () => {
    expect(() => assertMayChange(other, 'u1')).toThrow(ChangeForbiddenError);
    expect(() => decideUpdate(user, { name: 'Mallory' }, other)).toThrow('you may only change your own account');
    expect(() => assertMayChange(admin, 'u1')).not.toThrow();
    expect(() => assertMayChange(self, 'u1')).not.toThrow();
  });
});
