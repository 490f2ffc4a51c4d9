import { currentTraceId, newTraceId } from '../infrastructure/logging/trace-context';

/** The fields every user event shares; the trace id is the current request's. */
export function eventEnvelope(eventId: string, userId: string, version: number, at: Date) {
  return {
    eventId,
    schemaVersion: 1 as const,
    version,
    occurredAt: at.toISOString(),
    userId,
    traceId: currentTraceId() ?? newTraceId(),
  };
}
