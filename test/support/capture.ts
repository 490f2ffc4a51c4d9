import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { mongo } from 'mongoose';

/**
 * Everything the suite sees leaves a copy here when TEST_CAPTURE_DIR is set (npm test sets
 * it): every HTTP response, log line, event and read-model document, and the passwords and
 * tokens that went over the wire. After the suite, test/audit crawls it all for leaks.
 */
export type Captured =
  | { kind: 'response'; method: string; url: string; status: number; body: string; headers: Record<string, unknown> }
  | { kind: 'log'; line: string }
  | { kind: 'event'; body: string }
  | { kind: 'view'; body: string }
  | { kind: 'password'; value: string }
  | { kind: 'other-value'; value: string }
  | { kind: 'token'; value: string };

export function capturing(): boolean {
  return Boolean(process.env.TEST_CAPTURE_DIR);
}

export function capture(items: Captured[]): void {
  const dir = process.env.TEST_CAPTURE_DIR;
  if (!dir || items.length === 0) return;
  appendFileSync(join(dir, `${process.pid}.jsonl`), items.map((item) => `${JSON.stringify(item)}\n`).join(''));
}

/** Every event of a stream and every read-model document, whatever of them can still be read. */
export async function captureEventsAndViews(events: () => Promise<unknown[]>, db: mongo.Db): Promise<void> {
  capture((await events().catch(() => [])).map((event) => ({ kind: 'event', body: JSON.stringify(event) })));
  const views = await db
    .collection('users_read')
    .find()
    .toArray()
    .catch(() => []);
  capture(views.map((view) => ({ kind: 'view', body: JSON.stringify(view) })));
}

/** The strings of a request body, split into passwords and everything else. */
export function captureRequestValues(body: unknown): void {
  if (typeof body !== 'object' || body === null) return;
  const items: Captured[] = [];
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value !== 'string' || value.length < 8) continue;
    items.push(key === 'password' ? { kind: 'password', value } : { kind: 'other-value', value });
  }
  capture(items);
}
