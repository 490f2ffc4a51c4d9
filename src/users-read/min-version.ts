import { BadRequestException } from '@nestjs/common';

/** "Read your writes": the version of one user a query must reflect. */
export interface MinVersion {
  userId: string;
  version: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function invalid(field: string, reason: string): BadRequestException {
  return new BadRequestException({ message: 'validation failed', details: [{ field, reasons: [reason] }] });
}

function parseVersion(raw: string, field: string): number {
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) throw invalid(field, `${field} must be a positive integer`);
  return Number(raw);
}

/**
 * From `X-Min-Version: <version>` or `?minVersion=<version>` on a route about one user, or
 * `X-Min-Version: <userId>:<version>` on any query route.
 */
export function parseMinVersion(
  header: string | undefined,
  query: string | undefined,
  pathUserId?: string,
): MinVersion | undefined {
  if (header !== undefined && header.trim() !== '') {
    const [first, second] = header.trim().split(':');
    if (second !== undefined) {
      if (!first || !UUID.test(first))
        throw invalid('X-Min-Version', 'X-Min-Version must be <version> or <userId>:<version>');
      return { userId: first.toLowerCase(), version: parseVersion(second, 'X-Min-Version') };
    }
    if (!pathUserId) throw invalid('X-Min-Version', 'X-Min-Version must name the user here: <userId>:<version>');
    return { userId: pathUserId, version: parseVersion(first ?? '', 'X-Min-Version') };
  }
  if (query !== undefined && pathUserId) return { userId: pathUserId, version: parseVersion(query, 'minVersion') };
  return undefined;
}
