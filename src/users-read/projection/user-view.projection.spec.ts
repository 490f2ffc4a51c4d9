import { aSnapshot, aUserCreated, aUserDeleted, aUserUpdated } from '../../../test/fixtures/builders';
import { randomHistories } from '../../../test/fixtures/event-histories';
import { seededRandom, shuffle } from '../../../test/support/random';
import { evolve, fold, isSupersededBy } from './user-view.projection';

describe('evolve (the users_read projection)', () => {
  const user = aSnapshot({ roles: ['buyer', 'seller'] });
  const created = aUserCreated(user);
  const renamed = aUserUpdated(
    {
      ...user,
      name: 'Grace',
      roles: ['seller'],
      updatedAt: '2026-01-01T01:00:00.000Z',
    },
    2,
    {
      name: 'Grace',
      roles: ['seller'],
    },
  );

  it('creates the view from a UserCreated, with the denormalized fields', () => {
    expect(evolve(null, created)).toEqual({
      _id: user.id,
      email: user.email,
      name: user.name,
      roles: ['buyer', 'seller'],
      isActive: true,
      createdAt: new Date(user.createdAt),
      updatedAt: new Date(user.updatedAt),
      version: 1,
      roleCount: 2,
      isBuyer: true,
      isSeller: true,
      deleted: false,
    });
  });

  it('recomputes every denormalized field on an update', () => {
    const next = evolve(evolve(null, created), renamed);
    expect(next).toMatchObject({
      name: 'Grace',
      roles: ['seller'],
      roleCount: 1,
      isBuyer: false,
      isSeller: true,
      version: 2,
    });
    expect(next?.updatedAt).toEqual(new Date('2026-01-01T01:00:00.000Z'));
  });

  it('returns the current state itself for a duplicate', () => {
    const current = evolve(null, created);
    expect(evolve(current, created)).toBe(current);
  });

  it('ignores an event older than the stored version', () => {
    const current = evolve(evolve(null, created), renamed);
    expect(evolve(current, created)).toBe(current);
  });

  it('reaches the same state whatever the order of delivery', () => {
    const inOrder = evolve(evolve(null, created), renamed);
    const reversed = evolve(evolve(null, renamed), created);
    expect(reversed).toEqual(inOrder);
  });

  it('leaves a tombstone without personal data on delete', () => {
    const tombstone = evolve(evolve(null, created), aUserDeleted(user.id, 3));
    expect(tombstone).toEqual({
      _id: user.id,
      isActive: false,
      version: 3,
      deleted: true,
      deletedAt: new Date('2026-01-02T00:00:00.000Z'),
    });
  });

  it('never lets a late event undo a delete', () => {
    const tombstone = evolve(null, aUserDeleted(user.id, 3));
    expect(evolve(tombstone, renamed)).toBe(tombstone);
    expect(evolve(tombstone, created)).toBe(tombstone);
    expect(evolve(tombstone, aUserUpdated(user, 4))).toBe(tombstone);
  });

  it('folds a batch of one user onto the stored state and says which events changed it', () => {
    const stored = evolve(null, created);
    const { next, applied } = fold(stored, [created, renamed, created, aUserDeleted(user.id, 3)]);
    expect(applied).toEqual([false, true, false, true]);
    expect(next).toMatchObject({ _id: user.id, version: 3, deleted: true });
  });

  it('returns the stored state itself when no event of the batch changes it', () => {
    const stored = evolve(evolve(null, created), renamed);
    const { next, applied } = fold(stored, [created, renamed]);
    expect(next).toBe(stored);
    expect(applied).toEqual([false, false]);
  });

  it('folds a batch onto any stored state it supersedes exactly as onto nothing', () => {
    // What lets the consumer write a batch without reading the view first.
    const random = seededRandom(7);
    let checked = 0;
    for (const history of randomHistories(random, 2000, { maxUpdates: 4, deleteShare: 0.3 })) {
      const pick = () => shuffle(history, random).slice(0, 1 + Math.floor(random() * history.length));
      const stored = random() < 0.2 ? null : fold(null, pick()).next;
      const batch = [...pick(), ...(random() < 0.3 ? pick() : [])];
      const blind = fold(null, batch).next!;
      if (!isSupersededBy(stored, blind)) continue;
      checked++;
      expect(fold(stored, batch).next).toEqual(blind);
    }
    expect(checked).toBeGreaterThan(500);
  });
});
