import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config';
import { ROLES, Role } from '../contracts/user-events';
import type { Principal } from '../infrastructure/http/principal';

export interface AccessToken {
  accessToken: string;
  tokenType: 'Bearer';
  /** Lifetime in seconds. */
  expiresIn: number;
}

interface Claims {
  sub?: unknown;
  roles?: unknown;
  exp?: unknown;
}

/** Issues and verifies access tokens: HS256 only, with issuer, audience and expiry required. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  /** Signing and verification options come from the JwtModule registration (auth.module.ts). */
  issue(principal: Principal): AccessToken {
    const accessToken = this.jwt.sign({ roles: principal.roles }, { subject: principal.id });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.jwt.expiresInSeconds };
  }

  /**
   * The principal a token stands for, or undefined for any token that is not exactly right.
   * Only `{alg: HS256, typ: JWT}` headers are accepted: key hints such as kid, jku, x5u or
   * jwk are never fetched and never trusted, and a token carrying one is refused outright.
   */
  verify(token: string): Principal | undefined {
    if (!hasPlainHeader(token)) return undefined;
    let claims: Claims;
    try {
      claims = this.jwt.verify<Claims>(token);
    } catch {
      return undefined;
    }
    if (typeof claims.exp !== 'number' || typeof claims.sub !== 'string' || !isRoleList(claims.roles)) {
      return undefined;
    }
    return { id: claims.sub, roles: claims.roles };
  }
}

function hasPlainHeader(token: string): boolean {
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    return header.alg === 'HS256' && Object.keys(header).every((key) => key === 'alg' || key === 'typ');
  } catch {
    return false;
  }
}

function isRoleList(value: unknown): value is Role[] {
  return Array.isArray(value) && value.every((role) => (ROLES as readonly unknown[]).includes(role));
}
