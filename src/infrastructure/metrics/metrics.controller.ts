import { Controller, ForbiddenException, Get, NotFoundException, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '../../config/app-config';
import { CurrentPrincipal, Principal } from '../http/principal';
import { Metrics } from './metrics';

/**
 * `/metrics` on the API port, for admins only; answers 404 when METRICS_PORT moves it to
 * its own port (see MetricsServer).
 */
@ApiExcludeController()
@ApiBearerAuth()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async scrape(
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    if (this.config.metrics.port !== undefined) throw new NotFoundException('metrics are served on METRICS_PORT');
    if (!principal.roles.includes('admin')) throw new ForbiddenException('metrics are for admins');
    void reply.header('Content-Type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
