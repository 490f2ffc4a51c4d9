import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { AuthenticatedRequest } from '../infrastructure/http/principal';
import { IS_PUBLIC } from '../infrastructure/http/public.decorator';
import { UserAccessCache } from '../users/user-access.cache';
import { TokenService } from './token.service';

/**
 * Global: every route needs `Authorization: Bearer <token>` unless marked @Public().
 * Tokens are read from that header only, never from the query string or the body.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly access: UserAccessCache,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) {
      return true;
    }
    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(request.headers.authorization ?? '');
    const claimed = match?.[1] ? this.tokens.verify(match[1]) : undefined;
    // The token says who; the write model says whether they still exist and what they may do,
    // so a deleted user is refused and a demoted admin loses admin rights (see UserAccessCache).
    const access = claimed ? await this.access.get(claimed.id) : null;
    if (!claimed || !access?.isActive) throw new UnauthorizedException('missing, invalid or expired access token');
    request.principal = { id: claimed.id, roles: access.roles };
    return true;
  }
}
