/**
 * What each client was told, Jepsen-style: `ok` (the service said it happened), `failed`
 * (it said it did not: a 4xx), `unknown` (no answer, or a 5xx: it may or may not have).
 */
export type Told = 'ok' | 'failed' | 'unknown';

export interface Operation {
  email: string;
  told: Told;
  status?: number;
  userId?: string;
  version?: number;
}

export function classify(status: number | undefined): Told {
  if (status === undefined || status >= 500) return 'unknown';
  return status >= 200 && status < 300 ? 'ok' : 'failed';
}

export class History {
  readonly operations: Operation[] = [];

  /** Registers through `url` and records what the client was told. */
  async register(url: string, email: string, timeoutMs = 15_000): Promise<Operation> {
    let status: number | undefined;
    let body: { id?: string; version?: number } = {};
    try {
      const response = await fetch(`${url}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email, password: 'password123', name: 'Fault Tester', roles: ['buyer'] }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      body = (await response.json().catch(() => ({}))) as typeof body;
    } catch {
      status = undefined;
    }
    const operation = { email, told: classify(status), status, userId: body.id, version: body.version };
    this.operations.push(operation);
    return operation;
  }

  count(told: Told): number {
    return this.operations.filter((op) => op.told === told).length;
  }
}

/** Runs `task` for each item with at most `concurrency` at a time, in order of start. */
export async function inParallel<T>(
  items: T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        await task(items[index]!, index);
      }
    }),
  );
}
