import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

type Sample = { labels?: Record<string, string>; value: number };

/** Every Prometheus instrument of the service, in its own registry. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly commands = new Counter({
    name: 'commands_total',
    help: 'Commands handled, by type and outcome (ok, or the error name)',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly eventsPublished = new Counter({
    name: 'events_published_total',
    help: 'Events stored by JetStream (repeats deduplicated by Nats-Msg-Id included)',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  readonly eventsPublishFailed = new Counter({
    name: 'events_publish_failed_total',
    help: 'Publish attempts that failed; the event stays in the outbox and is retried',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  readonly eventsConsumed = new Counter({
    name: 'events_consumed_total',
    help: 'Events a consumer handled and acknowledged (applied or skipped as already applied)',
    labelNames: ['consumer', 'type'] as const,
    registers: [this.registry],
  });

  readonly eventsFailed = new Counter({
    name: 'events_failed_total',
    help: 'Deliveries a consumer could not handle; they are redelivered with backoff',
    labelNames: ['consumer', 'type'] as const,
    registers: [this.registry],
  });

  readonly eventsDeadLettered = new Counter({
    name: 'events_dead_lettered_total',
    help: 'Events set aside as unprocessable after bounded retries',
    labelNames: ['consumer', 'type'] as const,
    registers: [this.registry],
  });

  readonly projectionLag = new Histogram({
    name: 'projection_lag_seconds',
    help: 'Time from an event occurring to its consumer finishing with it',
    labelNames: ['consumer'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  private readonly gaugeSources = new Map<string, Array<() => Promise<Sample[]>>>();

  /**
   * Adds a source to a gauge read when Prometheus scrapes (outbox backlog, consumer
   * pending); several sources may feed one gauge with different labels.
   */
  gauge(name: string, help: string, labelNames: string[], read: () => Promise<Sample[]>): void {
    const sources = this.gaugeSources.get(name);
    if (sources) {
      sources.push(read);
      return;
    }
    const all = [read];
    this.gaugeSources.set(name, all);
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        const samples = await Promise.all(all.map((source) => source().catch((): Sample[] => [])));
        for (const { labels, value } of samples.flat()) {
          if (labels) this.set(labels, value);
          else this.set(value);
        }
      },
    });
  }
}
