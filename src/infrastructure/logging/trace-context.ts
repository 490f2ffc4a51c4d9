import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/** What rides along with one request or one event through every async hop. */
export interface TraceContext {
  traceId: string;
  spanId: string;
  /** Extra fields for every log line in this context, e.g. the event being handled. */
  fields?: Readonly<Record<string, unknown>>;
}

const storage = new AsyncLocalStorage<TraceContext>();

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
const ZERO_TRACE = '0'.repeat(32);

export function newTraceId(): string {
  return randomBytes(16).toString('hex');
}

export function newSpanId(): string {
  return randomBytes(8).toString('hex');
}

export function currentTrace(): TraceContext | undefined {
  return storage.getStore();
}

export function currentTraceId(): string | undefined {
  return storage.getStore()?.traceId;
}

/**
 * Runs `fn` with a trace id that every log line and every stored event inside it picks up,
 * and `fields` that every log line inside it carries too.
 */
export function runWithTrace<T>(
  traceId: string,
  fn: (trace: TraceContext) => T,
  fields?: Readonly<Record<string, unknown>>,
): T {
  const trace = { traceId, spanId: newSpanId(), fields };
  return storage.run(trace, fn, trace);
}

/** The trace id of a W3C `traceparent` header, or undefined when it is absent or malformed. */
export function traceIdFromTraceparent(header: string | undefined): string | undefined {
  const match = header ? TRACEPARENT.exec(header.trim().toLowerCase()) : null;
  return match && match[1] !== ZERO_TRACE ? match[1] : undefined;
}

/** An `X-Request-Id` becomes the trace id when it has the shape of one (32 hex digits or a UUID). */
export function traceIdFromRequestId(header: string | undefined): string | undefined {
  const compact = header?.trim().toLowerCase().replace(/-/g, '');
  return compact && /^[0-9a-f]{32}$/.test(compact) && compact !== ZERO_TRACE ? compact : undefined;
}

export function formatTraceparent(context: TraceContext): string {
  return `00-${context.traceId}-${context.spanId}-01`;
}
