import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Role } from '../../contracts/user-events';

/** Who a request acts for, as established by the JWT guard. */
export interface Principal {
  id: string;
  roles: Role[];
}

export interface AuthenticatedRequest {
  principal?: Principal;
}

export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a public route');
  return principal;
});
