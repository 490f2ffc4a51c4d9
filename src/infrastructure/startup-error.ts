/** A dependency the service cannot start without is missing; the message says which and how. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** A URL safe to print: credentials replaced, everything else kept. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '***';
      parsed.password = '';
    }
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
