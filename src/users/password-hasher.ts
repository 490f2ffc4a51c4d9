import { Injectable, OnModuleInit } from '@nestjs/common';
import * as bcrypt from 'bcrypt';
import { availableParallelism } from 'node:os';
import { AppConfig } from '../config/app-config';
import { Semaphore } from '../infrastructure/runtime/semaphore';

/**
 * bcrypt on the libuv thread pool (never the synchronous API), with at most one hash per
 * core at a time so a burst of registrations queues here instead of starving the pool.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private readonly slots = new Semaphore(availableParallelism());
  private dummyHash: Promise<string> | undefined;

  constructor(private readonly config: AppConfig) {}

  /** The dummy hash is made before the first login, so that login is not slower than the rest. */
  async onModuleInit(): Promise<void> {
    this.dummyHash = bcrypt.hash('no account has this password', this.config.bcryptCost);
    await this.dummyHash;
  }

  hash(password: string): Promise<string> {
    return this.slots.run(() => bcrypt.hash(password, this.config.bcryptCost));
  }

  verify(password: string, hash: string): Promise<boolean> {
    return this.slots.run(() => bcrypt.compare(password, hash));
  }

  /**
   * Spends the same time as a real verification and always fails: used when the email is
   * unknown, so the response time does not reveal which emails are registered.
   */
  async verifyNothing(password: string): Promise<false> {
    this.dummyHash ??= bcrypt.hash('no account has this password', this.config.bcryptCost);
    await this.verify(password, await this.dummyHash);
    return false;
  }
}
