/** An event waiting, inside its owner's document, to be published. */
export interface OutboxEntry {
  eventId: string;
  /** The event's type, for logs and metrics. */
  type: string;
  subject: string;
  /** The exact JSON to publish, so a retry sends the same bytes. */
  payload: string;
  traceId: string;
  /** Version of the owner after the change; entries of one owner go out in this order. */
  version: number;
  createdAt: Date;
}

export interface PendingOutbox {
  ownerId: string;
  entries: OutboxEntry[];
}
