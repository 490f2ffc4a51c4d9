import { UserEvent, userEventSubject } from '../contracts/user-events';
import type { OutboxEntry } from '../infrastructure/outbox/outbox-entry';

/** The outbox entry that carries `event`: stored with the change, published after it. */
export function toOutboxEntry(event: UserEvent, subjectPrefix: string, createdAt: Date): OutboxEntry {
  return {
    eventId: event.eventId,
    type: event.type,
    subject: userEventSubject(subjectPrefix, event.type),
    payload: JSON.stringify(event),
    traceId: event.traceId,
    version: event.version,
    createdAt,
  };
}
