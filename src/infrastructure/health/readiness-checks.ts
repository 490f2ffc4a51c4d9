import { Injectable } from '@nestjs/common';

/** One readiness condition: ok or not, with a few non-secret numbers to show why. */
export type ReadinessCheck = () => Promise<{ ok: boolean; details?: Record<string, string | number | boolean> }>;

/**
 * Where modules register what "ready" means for them (a consumer's backlog, the outbox
 * backlog), so the health module needs to know nothing about them.
 */
@Injectable()
export class ReadinessChecks {
  private readonly checks = new Map<string, ReadinessCheck>();

  add(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  entries(): Array<[string, ReadinessCheck]> {
    return [...this.checks.entries()];
  }
}
