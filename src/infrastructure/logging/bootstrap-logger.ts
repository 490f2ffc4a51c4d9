import type { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger } from 'pino';
import { AppConfig } from '../../config/app-config';
import { loggerOptions } from './logger-options';

/**
 * Nest's own messages while the application starts, as JSON lines like every other log,
 * until the injected logger takes over; also what reports a failed start-up.
 */
export class BootstrapLogger implements LoggerService {
  private readonly logger: Logger;

  constructor(config: AppConfig, destination?: DestinationStream) {
    const options = loggerOptions(config);
    this.logger = destination ? pino(options, destination) : pino(options);
  }

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }

  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }

  error(message: unknown, stack?: string, context?: string): void {
    this.logger.error({ context, stack }, String(message));
  }

  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }

  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
