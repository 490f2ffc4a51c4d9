import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Captured } from '../support/capture';

const BCRYPT_HASH = /\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}/;
const JWT = /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{20,}/;
const DRIVER_TEXT =
  /E11000|Mongo[A-Za-z]*Error|MongooseError|CastError|duplicate key|ECONNREFUSED|at [\w.<>]+ \(.*:\d+:\d+\)|\n\s+at /;

/**
 * After the whole suite (npm test runs this last): every response, log line, event and
 * read-model document the suite produced, crawled for what must never leak.
 */
describe('nothing leaks, anywhere the suite looked', () => {
  const dir = process.env.TEST_CAPTURE_DIR ?? '';
  const items: Captured[] = readdirSync(dir)
    .filter((file) => file.endsWith('.jsonl'))
    .flatMap((file) => readFileSync(join(dir, file), 'utf8').split('\n'))
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Captured);
  const of = <K extends Captured['kind']>(kind: K) =>
    items.filter((item): item is Extract<Captured, { kind: K }> => item.kind === kind);

  // A password counts as a secret unless the same string was also sent as something else (a name, say).
  const otherValues = new Set(of('other-value').map((item) => item.value));
  const passwords = [...new Set(of('password').map((item) => item.value))].filter((value) => !otherValues.has(value));
  const tokens = [...new Set(of('token').map((item) => item.value))];
  const responses = of('response');
  const logs = of('log').map((item) => item.line);
  const stored = [...of('event'), ...of('view')].map((item) => item.body);

  function findings(texts: string[], what: string, pattern: RegExp | string[]): string[] {
    const found: string[] = [];
    for (const text of texts) {
      const hit = Array.isArray(pattern) ? pattern.find((secret) => text.includes(secret)) : pattern.exec(text)?.[0];
      if (hit) found.push(`${what}: ${hit.slice(0, 40)} in ${text.slice(0, 160)}`);
    }
    return found;
  }

  it('has a whole suite to look at', () => {
    expect(responses.length).toBeGreaterThan(5000);
    expect(logs.length).toBeGreaterThan(1000);
    expect(stored.length).toBeGreaterThan(1000);
    expect(passwords.length).toBeGreaterThan(50);
    expect(tokens.length).toBeGreaterThan(50);
  });

  it('finds no hash, password or token in any response (a login returning its own token aside)', () => {
    // The request's own URL is left out: tests put tokens and passwords in query strings on purpose.
    const bodies = responses
      .filter((r) => !(r.url.startsWith('/api/v1/auth/login') && r.status === 200))
      .map((r) => `${r.status} ${r.body} ${JSON.stringify(r.headers)}`);
    expect([
      ...findings(bodies, 'hash', BCRYPT_HASH),
      ...findings(bodies, 'password', passwords),
      ...findings(bodies, 'token', JWT),
    ]).toEqual([]);
  });

  it('finds no driver error text or stack trace in any response, and every error carries its trace id', () => {
    const errors = responses.filter((r) => r.status >= 400 && r.body.startsWith('{'));
    expect(
      findings(
        errors.map((r) => `${r.status} ${r.body}`),
        'driver text',
        DRIVER_TEXT,
      ),
    ).toEqual([]);
    // A failing readiness check answers with its health report instead of an error body.
    const withoutTrace = errors
      .filter((r) => !r.url.startsWith('/health/') && !/"traceId":"[0-9a-f]{32}"/.test(r.body))
      .map((r) => `${r.status} ${r.url}`);
    expect(withoutTrace.slice(0, 10)).toEqual([]);
    const withoutHeader = responses.filter((r) => !/^[0-9a-f]{32}$/.test(String(r.headers['x-trace-id'])));
    expect(withoutHeader.map((r) => `${r.status} ${r.url}`).slice(0, 10)).toEqual([]);
  });

  it('finds no hash, password or token in any log line', () => {
    expect([
      ...findings(logs, 'hash', BCRYPT_HASH),
      ...findings(logs, 'password', passwords),
      ...findings(logs, 'token', JWT),
      ...findings(logs, 'token', tokens),
    ]).toEqual([]);
  });

  it('finds no hash or password in any event or read-model document', () => {
    expect([
      ...findings(stored, 'hash', BCRYPT_HASH),
      ...findings(stored, 'password', passwords),
      ...findings(stored, 'field', ['passwordHash', '"password"']),
    ]).toEqual([]);
  });
});
