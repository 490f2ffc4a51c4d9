/**
 * Reconstructs the journey of a request or an event from JSON log lines: every hop in time
 * order, the time between hops, and the hops that should be there but are not. Pure.
 */

export interface LogLine {
  time: string;
  msg: string;
  level?: number;
  trace_id?: string;
  event_id?: string;
  event_type?: string;
  user_id?: string;
  version?: number;
  [field: string]: unknown;
}

export interface Hop {
  at: number;
  sinceStartMs: number;
  sincePreviousMs: number;
  line: LogLine;
}

export interface Journey {
  traceId: string;
  hops: Hop[];
  /** Human-readable descriptions of the hops that never happened. */
  missing: string[];
  /** From the request (or first line) to the last read-model update, when both are there. */
  totalMs?: number;
}

export interface Selector {
  traceId?: string;
  eventId?: string;
  userId?: string;
}

const RECEIVED = / event received$/;
const APPLIED = 'Read model updated successfully';
const SKIPPED = /^Event skipped/;

export function parseLines(text: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const raw of text.split('\n')) {
    if (!raw.trim().startsWith('{')) continue;
    try {
      const line = JSON.parse(raw) as Partial<LogLine>;
      if (typeof line.time === 'string' && typeof line.msg === 'string') lines.push(line as LogLine);
    } catch {
      // not a log line: ignored
    }
  }
  return lines;
}

/** The trace ids the selector points at, in order of first appearance. */
export function selectTraceIds(lines: LogLine[], selector: Selector): string[] {
  const matches = lines.filter(
    (line) =>
      line.trace_id !== undefined &&
      (selector.traceId === undefined || line.trace_id === selector.traceId) &&
      (selector.eventId === undefined || line.event_id === selector.eventId) &&
      (selector.userId === undefined || line.user_id === selector.userId),
  );
  return [...new Set(matches.map((line) => line.trace_id as string))];
}

function expectedHops(lines: LogLine[]): string[] {
  const missing: string[] = [];
  const has = (predicate: (line: LogLine) => boolean) => lines.some(predicate);
  if (has((l) => l.msg === 'Request received') && !has((l) => l.msg === 'Request completed')) {
    missing.push('Request completed: the request never answered');
  }
  const events = new Map<string, LogLine>();
  for (const line of lines) {
    if (line.event_id && (line.msg === 'Event stored' || line.msg === 'Event published' || RECEIVED.test(line.msg))) {
      if (!events.has(line.event_id)) events.set(line.event_id, line);
    }
  }
  for (const [eventId, first] of events) {
    const of = (predicate: (line: LogLine) => boolean) => has((l) => l.event_id === eventId && predicate(l));
    const label = `event ${eventId} (${first.event_type ?? 'unknown type'} v${first.version ?? '?'})`;
    if (!of((l) => l.msg === 'Event published'))
      missing.push(`Event published: ${label} was stored but never published`);
    if (!of((l) => RECEIVED.test(l.msg))) missing.push(`Event received: ${label} was published but never received`);
    if (!of((l) => l.msg === APPLIED || SKIPPED.test(l.msg))) {
      missing.push(`${APPLIED}: ${label} was never applied to the read model`);
    }
    if (first.event_type === 'UserCreated' && !of((l) => l.msg === 'Welcome email sent')) {
      missing.push(`Welcome email sent: ${label} never got its welcome e-mail`);
    }
  }
  return missing;
}

export function buildJourney(all: LogLine[], traceId: string): Journey {
  const lines = all
    .map((line, index) => ({ line, index, at: Date.parse(line.time) }))
    .filter(({ line, at }) => line.trace_id === traceId && !Number.isNaN(at))
    .sort((a, b) => a.at - b.at || a.index - b.index);
  const start = lines[0]?.at ?? 0;
  const hops = lines.map(({ line, at }, i) => ({
    at,
    sinceStartMs: at - start,
    sincePreviousMs: i === 0 ? 0 : at - (lines[i - 1]?.at ?? at),
    line,
  }));
  const lastApplied = [...hops].reverse().find((hop) => hop.line.msg === APPLIED);
  return {
    traceId,
    hops,
    missing: expectedHops(hops.map((hop) => hop.line)),
    ...(lastApplied ? { totalMs: lastApplied.at - start } : {}),
  };
}

const SHOWN = [
  'method',
  'url',
  'status',
  'command',
  'outcome',
  'event_type',
  'version',
  'stream_seq',
  'lag_ms',
  'delivery',
  'duration_ms',
  'reason',
];

function detail(line: LogLine): string {
  return SHOWN.filter((key) => line[key] !== undefined)
    .map((key) => `${key}=${String(line[key])}`)
    .join(' ');
}

function ms(value: number): string {
  return `${value.toFixed(0).padStart(6)} ms`;
}

export function renderJourney(journey: Journey): string {
  const out = [`trace ${journey.traceId}`, `${'since start'.padStart(9)} ${'step'.padStart(9)}  what`];
  for (const hop of journey.hops) {
    const mark = (hop.line.level ?? 30) >= 40 ? '! ' : '';
    out.push(
      `${ms(hop.sinceStartMs)} ${ms(hop.sincePreviousMs)}  ${mark}${hop.line.msg.padEnd(32)} ${detail(hop.line)}`,
    );
  }
  if (journey.totalMs !== undefined) out.push(`request to read model updated: ${journey.totalMs} ms`);
  if (journey.missing.length === 0) out.push('complete: every expected hop is there');
  for (const missing of journey.missing) out.push(`MISSING ${missing}`);
  return out.join('\n');
}
