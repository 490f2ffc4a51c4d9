import type { AppConfig } from './app-config';

/**
 * What this process does. `api` serves HTTP and runs the outbox relay; `worker` runs the
 * event consumers; `background` is false for command-line tools, which build the same
 * modules but start no consumer, sweeper or listener of their own.
 */
export class ProcessRole {
  constructor(
    readonly api: boolean,
    readonly worker: boolean,
    readonly background: boolean,
  ) {}

  static of(config: AppConfig): ProcessRole {
    return new ProcessRole(config.appRole !== 'worker', config.appRole !== 'api', true);
  }

  /** A command-line tool: every module built, nothing running in the background. */
  static tool(): ProcessRole {
    return new ProcessRole(true, true, false);
  }
}
