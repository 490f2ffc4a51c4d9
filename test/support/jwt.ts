import { createHmac } from 'node:crypto';
import { TEST_JWT_SECRET } from './test-app';

export function b64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

const HMAC: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/** A token signed by hand, so the header, the claims and the algorithm can be anything. */
export function forgeToken(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  secret = TEST_JWT_SECRET,
): string {
  const body = `${b64url(header)}.${b64url(payload)}`;
  const algorithm = HMAC[String(header.alg)] ?? 'sha256';
  const signature = header.alg === 'none' ? '' : createHmac(algorithm, secret).update(body).digest('base64url');
  return `${body}.${signature}`;
}

/** Claims the service would accept for `sub`, valid for ten minutes. */
export function validClaims(sub: string, roles: string[] = ['buyer']): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { sub, roles, iss: 'users-service', aud: 'users-service', iat: now, exp: now + 600 };
}
