import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InstrumentedCommandBus } from '../../infrastructure/cqrs/instrumented-command-bus';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { AppConfig } from '../../config/app-config';
import { ProcessRole } from '../../config/process-role';
import { EnsureAdminCommand } from './ensure-admin.command';

/** At start-up, when ADMIN_EMAIL and ADMIN_PASSWORD are set: no admin exists otherwise. */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  constructor(
    private readonly config: AppConfig,
    private readonly role: ProcessRole,
    private readonly commands: InstrumentedCommandBus,
    @InjectPinoLogger(AdminBootstrap.name) private readonly logger: PinoLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.admin || !this.role.background) return;
    const { email, password, name } = this.config.admin;
    const { userId, outcome } = await this.commands.execute(new EnsureAdminCommand(email, password, name));
    this.logger.info({ user_id: userId, outcome }, 'Admin account from configuration');
  }
}
