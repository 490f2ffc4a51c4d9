/** Entity tags carry the entity's version: `"3"`. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** What an `If-Match` header accepts: any current version (`*`), or one of a list. */
export type IfMatch = { any: true } | { versions: number[] };

/**
 * Parses `If-Match`; undefined when the header is absent. Weak tags never match (RFC 9110
 * strong comparison) and unquoted integers are tolerated.
 */
export function parseIfMatch(header: string | undefined): IfMatch | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  if (header.trim() === '*') return { any: true };
  const versions = header
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => !tag.startsWith('W/'))
    .map((tag) => /^"?(\d{1,15})"?$/.exec(tag)?.[1])
    .filter((v): v is string => v !== undefined)
    .map(Number);
  return { versions };
}

export function ifMatchAccepts(ifMatch: IfMatch | undefined, version: number): boolean {
  if (!ifMatch || 'any' in ifMatch) return true;
  return ifMatch.versions.includes(version);
}
