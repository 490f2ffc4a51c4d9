/**
 * The typed, validated configuration. Built once from the environment by `loadConfig`;
 * the class doubles as the injection token.
 */
export class AppConfig {
  /** api: HTTP and the outbox relay; worker: the event consumers; all: both, in one process. */
  readonly appRole: 'all' | 'api' | 'worker';
  readonly port: number;
  readonly host: string;
  readonly mongodbUri: string;
  readonly natsUrl: string;
  readonly natsStream: string;
  readonly subjectPrefix: string;
  readonly jwt: {
    readonly secret: string;
    readonly expiresInSeconds: number;
    readonly issuer: string;
    readonly audience: string;
  };
  readonly bcryptCost: number;
  /** How long the guard may reuse a user's roles and status (see UserAccessCache); 0 reads every time. */
  readonly authCacheTtlMs: number;
  /** Refuse the most common passwords at registration (off by default). */
  readonly passwordDenylist: boolean;
  /** Requests per minute per client address on login and on register. */
  readonly rateLimits: { readonly loginPerMinute: number; readonly registerPerMinute: number };
  /** Fastify's trustProxy: false (default), true, a hop count, or addresses/CIDRs whose X-Forwarded-For is believed. */
  readonly trustProxy: boolean | number | string[];
  /** Origins allowed by CORS; empty (the default) sends no CORS headers at all. */
  readonly corsOrigins: string[];
  /** The account made (or promoted to) admin at start-up; admins exist only by configuration. */
  readonly admin?: { readonly email: string; readonly password: string; readonly name: string };
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly logPretty: boolean;
  /** How soon events left pending by a failed publish are tried again. */
  readonly outboxSweepIntervalMs: number;
  /** How often the outbox is swept anyway (events another process left behind). */
  readonly outboxSafetySweepMs: number;
  /** Without a port, `/metrics` is on the API port for admins; with one, public on that port. */
  readonly metrics: { readonly port?: number; readonly host: string };
  /** Readiness turns false above these backlogs. */
  readonly readiness: { readonly maxConsumerPending: number; readonly maxOutboxPending: number };
  readonly startupTimeoutMs: number;
  /** Redelivery after `ackWaitMs` without an ack; a message failing `maxDeliver` times is parked. */
  readonly consumers: { readonly ackWaitMs: number; readonly maxDeliver: number };
  /** How long a query asking for a minimum version waits for the read model to reach it. */
  readonly readYourWritesTimeoutMs: number;
  /** Crash points and failures for the fault-injection tests only; all off unless set. */
  readonly faults: {
    readonly crashAfterWrite: boolean;
    /** The durable consumer whose ack to crash before. */
    readonly crashBeforeAck?: string;
    readonly failProjectionFor?: string;
  };
}
