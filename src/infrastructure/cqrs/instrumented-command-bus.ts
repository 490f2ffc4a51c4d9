import { Injectable } from '@nestjs/common';
import { Command, CommandBus } from '@nestjs/cqrs';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { Metrics } from '../metrics/metrics';

/**
 * The CommandBus with a log line and a metric per command: its name, outcome and duration.
 * Controllers send commands through this one.
 */
@Injectable()
export class InstrumentedCommandBus {
  constructor(
    private readonly bus: CommandBus,
    private readonly metrics: Metrics,
    @InjectPinoLogger('CommandBus') private readonly logger: PinoLogger,
  ) {}

  async execute<R>(command: Command<R>): Promise<R> {
    const name = command.constructor.name;
    const startedAt = performance.now();
    let outcome = 'ok';
    try {
      return await this.bus.execute(command);
    } catch (error) {
      outcome = error instanceof Error ? error.name : 'Error';
      throw error;
    } finally {
      const duration_ms = Math.round((performance.now() - startedAt) * 10) / 10;
      this.metrics.commands.inc({ command: name, outcome });
      this.logger.info({ command: name, outcome, duration_ms }, 'Command handled');
    }
  }
}
