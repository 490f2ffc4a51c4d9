import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { AppConfig } from '../../config/app-config';
import { ProcessRole } from '../../config/process-role';
import { ReadinessChecks } from '../health/readiness-checks';
import { Metrics } from '../metrics/metrics';
import { Clock } from '../runtime/clock';
import { OutboxRelay } from './outbox-relay';
import { OutboxStore } from './outbox-store';

const BATCH = 100;

/**
 * Publishes what the relay could not: events left pending because NATS was down or the
 * process died between the write and the publish. It sweeps at start-up (a crash before
 * the publish), every OUTBOX_SWEEP_INTERVAL_MS while publishes fail here, and every
 * OUTBOX_SAFETY_SWEEP_MS regardless (another process that died). It only takes entries
 * older than one interval, so it does not race the relay on fresh writes.
 */
@Injectable()
export class OutboxSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private dueAt = Infinity;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly store: OutboxStore,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
    private readonly readiness: ReadinessChecks,
    private readonly role: ProcessRole,
    @InjectPinoLogger(OutboxSweeper.name) private readonly logger: PinoLogger,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.role.background) return;
    const pending = () => this.store.countPending();
    this.metrics.gauge('outbox_pending', 'Documents with events not yet published', [], async () => [
      { value: await pending() },
    ]);
    this.readiness.add('outbox', async () => {
      const count = await pending();
      return { ok: count <= this.config.readiness.maxOutboxPending, details: { pending: count } };
    });
    this.relay.onPublishFailure(() => this.schedule(this.config.outboxSweepIntervalMs));
    this.schedule(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /**
   * One pass: publishes every entry older than the interval, and ends at the first failure
   * (NATS down). Resolves to how many owners it published for, and whether it got through.
   */
  async sweep(): Promise<{ published: number; complete: boolean }> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.outboxSweepIntervalMs);
    let published = 0;
    for (;;) {
      const pending = await this.store.findPending(cutoff, BATCH);
      for (const { ownerId, entries } of pending) {
        if (this.stopped || !(await this.relay.publish(ownerId, entries))) return { published, complete: false };
        published++;
      }
      if (pending.length < BATCH) return { published, complete: true };
    }
  }

  /** Sweeps in `delayMs`, unless a sweep is already due sooner. */
  private schedule(delayMs: number): void {
    const at = Date.now() + delayMs;
    if (this.stopped || at >= this.dueAt) return;
    clearTimeout(this.timer);
    this.dueAt = at;
    this.timer = setTimeout(() => {
      this.dueAt = Infinity;
      this.running = this.sweep()
        .then(({ published, complete }) => {
          if (published > 0) this.logger.info({ owners: published }, 'Outbox sweep published pending events');
          this.schedule(complete ? this.config.outboxSafetySweepMs : this.config.outboxSweepIntervalMs);
        })
        .catch((error: unknown) => {
          this.logger.warn({ err: error }, 'Outbox sweep failed, will retry');
          this.schedule(this.config.outboxSweepIntervalMs);
        });
    }, delayMs);
  }
}
