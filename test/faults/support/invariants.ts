import { eventually } from '../../support/poll';
import type { Cluster } from './cluster';
import type { History } from './history';

const SECRET = /\$2[aby]\$\d{2}\$|passwordHash|"password"/;

export interface Verdict {
  ok: number;
  failed: number;
  unknownPresent: number;
  unknownAbsent: number;
  users: number;
  views: number;
  createdEvents: number;
}

/**
 * Checks the final state against what every client was told, and returns the counts:
 * - every acknowledged registration is in `users` and in `users_read` with the same version,
 *   and has exactly one UserCreated on the stream;
 * - nothing that failed is visible anywhere;
 * - an unknown outcome is all-or-nothing: in users, users_read and the stream, or in none;
 * - no ghosts: every view and every event belongs to a user of the write model, same version;
 * - the outbox is empty, and no event or view holds a password or a hash.
 * Throws (failing the test) with the first violation.
 */
export async function checkInvariants(cluster: Cluster, history: History): Promise<Verdict> {
  // Removing a published event from its outbox comes last in the relay: let it finish.
  await eventually(
    () => cluster.db.collection('users').countDocuments({ outboxIds: { $gt: '' } }),
    (pending) => pending === 0,
    { what: 'the outbox to drain', timeoutMs: 15_000 },
  ).catch(() => undefined);
  const users = await cluster.db.collection('users').find().toArray();
  const views = await cluster.db.collection('users_read').find().toArray();
  const events = await cluster.events();
  const userByEmail = new Map(users.map((u) => [u.email as string, u]));
  const userById = new Map(users.map((u) => [String(u._id), u]));
  const viewById = new Map(views.map((v) => [String(v._id), v]));
  const created = new Map<string, number>();
  for (const event of events) {
    if (event.type === 'UserCreated') created.set(event.userId, (created.get(event.userId) ?? 0) + 1);
  }
  const violations: string[] = [];
  const verdict: Verdict = {
    ok: 0,
    failed: 0,
    unknownPresent: 0,
    unknownAbsent: 0,
    users: users.length,
    views: views.length,
    createdEvents: events.filter((e) => e.type === 'UserCreated').length,
  };

  for (const op of history.operations) {
    const user = userByEmail.get(op.email);
    const id = user ? String(user._id) : undefined;
    const view = id ? viewById.get(id) : undefined;
    const published = id ? (created.get(id) ?? 0) : 0;
    const viewsWithEmail = views.filter((v) => v.email === op.email).length;
    if (op.told === 'ok') {
      verdict.ok++;
      if (!user) violations.push(`${op.email}: acknowledged but not in users`);
      else if (!view) violations.push(`${op.email}: acknowledged but not in users_read`);
      else if (view.version !== user.version)
        violations.push(`${op.email}: users_read at v${view.version}, users at v${user.version}`);
      if (op.userId && id !== op.userId)
        violations.push(`${op.email}: stored under another id than the client was told`);
      if (published !== 1) violations.push(`${op.email}: ${published} UserCreated events, expected exactly 1`);
      if (viewsWithEmail !== 1) violations.push(`${op.email}: ${viewsWithEmail} views, expected exactly 1`);
    } else if (op.told === 'failed') {
      verdict.failed++;
      if (user || viewsWithEmail > 0 || published > 0)
        violations.push(`${op.email}: failed (${op.status}) but visible`);
    } else {
      const present = [user !== undefined, viewsWithEmail === 1, published === 1];
      if (present.every(Boolean)) verdict.unknownPresent++;
      else if (!user && viewsWithEmail === 0 && published === 0) verdict.unknownAbsent++;
      else violations.push(`${op.email}: unknown outcome half-applied (users, users_read, stream) = ${present.join()}`);
    }
  }
  for (const view of views) {
    if (view.deleted) continue;
    const user = userById.get(String(view._id));
    if (!user) violations.push(`ghost view ${String(view._id)}: no such user`);
    else if (user.version !== view.version)
      violations.push(`view ${String(view._id)} at v${view.version}, user at v${user.version}`);
  }
  for (const event of events) {
    if (!userById.has(event.userId)) violations.push(`ghost event ${event.eventId} for unknown user ${event.userId}`);
  }
  const pending = users.reduce((sum, u) => sum + (Array.isArray(u.outboxIds) ? u.outboxIds.length : 0), 0);
  if (pending !== 0) violations.push(`${pending} events still in the outbox`);
  if (SECRET.test(JSON.stringify(events))) violations.push('an event holds a password or a hash');
  if (SECRET.test(JSON.stringify(views))) violations.push('a view holds a password or a hash');
  if (violations.length > 0) throw new Error(`invariants violated:\n${violations.slice(0, 20).join('\n')}`);
  return verdict;
}
