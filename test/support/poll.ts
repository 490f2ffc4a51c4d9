/**
 * Polls `probe` until `done` accepts its result, or fails after `timeoutMs` with the last
 * result in the message. The way to wait for eventual consistency: never a fixed sleep.
 */
export async function eventually<T>(
  probe: () => T | Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 10_000, intervalMs = 50, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (done(last)) return last;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  const detail = lastError instanceof Error ? lastError.message : JSON.stringify(last)?.slice(0, 500);
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${detail}`);
}
