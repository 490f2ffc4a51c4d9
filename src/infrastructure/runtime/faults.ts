import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';

/**
 * Crash points and failures for the fault-injection tests (FAULT_* variables). Every
 * method does nothing unless its variable is set; production never sets them.
 */
@Injectable()
export class Faults {
  constructor(private readonly config: AppConfig) {}

  /** Dies at once, like a power cut, between a write and the publish of its event. */
  crashAfterWrite(): void {
    if (this.config.faults.crashAfterWrite) process.kill(process.pid, 'SIGKILL');
  }

  /** Dies at once after `consumer` has handled a batch and before it acknowledges it. */
  crashBeforeAck(consumer: string): void {
    if (this.config.faults.crashBeforeAck === consumer) process.kill(process.pid, 'SIGKILL');
  }

  /** Throws when `userIds` contains the user whose events must fail the projection. */
  failProjectionOf(userIds: Iterable<string>): void {
    const target = this.config.faults.failProjectionFor;
    if (target !== undefined && [...userIds].includes(target)) {
      throw new Error(`injected projection failure for user ${target}`);
    }
  }
}
