import { ROLES, Role, UserEvent, UserSnapshot } from './user-events';

/** Thrown for a message that can never be applied, however often it is retried. */
export class InvalidEventError extends Error {
  override name = 'InvalidEventError';
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(obj: Json, key: string): string {
  const value = obj[key];
  if (typeof value !== 'string' || value === '') throw new InvalidEventError(`${key} must be a non-empty string`);
  return value;
}

function isoDate(obj: Json, key: string): string {
  const value = str(obj, key);
  if (Number.isNaN(Date.parse(value))) throw new InvalidEventError(`${key} must be an ISO date`);
  return value;
}

function roles(value: unknown, key: string): Role[] {
  if (!Array.isArray(value) || !value.every((r) => (ROLES as readonly unknown[]).includes(r))) {
    throw new InvalidEventError(`${key} must be a list of known roles`);
  }
  return value as Role[];
}

function snapshot(value: unknown): UserSnapshot {
  if (!isObject(value)) throw new InvalidEventError('user must be an object');
  if (typeof value.isActive !== 'boolean') throw new InvalidEventError('user.isActive must be a boolean');
  return {
    id: str(value, 'id'),
    email: str(value, 'email'),
    name: str(value, 'name'),
    roles: roles(value.roles, 'user.roles'),
    isActive: value.isActive,
    createdAt: isoDate(value, 'createdAt'),
    updatedAt: isoDate(value, 'updatedAt'),
  };
}

/**
 * Parses a message body into a UserEvent, checking every field a projection relies on.
 * The wire is not trusted: anything malformed is an InvalidEventError (a poison message).
 */
export function parseUserEvent(data: Uint8Array | string): UserEvent {
  let body: unknown;
  try {
    body = JSON.parse(typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
  } catch {
    throw new InvalidEventError('body is not valid JSON');
  }
  if (!isObject(body)) throw new InvalidEventError('body must be a JSON object');
  if (body.schemaVersion !== 1) throw new InvalidEventError('unsupported schemaVersion');
  const version = body.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new InvalidEventError('version must be a positive integer');
  }
  const base = {
    eventId: str(body, 'eventId'),
    schemaVersion: 1 as const,
    version,
    occurredAt: isoDate(body, 'occurredAt'),
    userId: str(body, 'userId'),
    traceId: typeof body.traceId === 'string' ? body.traceId : '',
  };
  switch (body.type) {
    case 'UserCreated':
    case 'UserUpdated': {
      const user = snapshot(body.user);
      if (user.id !== base.userId) throw new InvalidEventError('user.id must equal userId');
      if (body.type === 'UserCreated') return { ...base, type: body.type, user };
      const changes = isObject(body.changes) ? body.changes : {};
      return {
        ...base,
        type: body.type,
        user,
        changes: {
          ...(typeof changes.name === 'string' ? { name: changes.name } : {}),
          ...(changes.roles !== undefined ? { roles: roles(changes.roles, 'changes.roles') } : {}),
        },
      };
    }
    case 'UserDeleted':
      return {
        ...base,
        type: body.type,
        deletedAt: isoDate(body, 'deletedAt'),
      };
    default:
      throw new InvalidEventError('unknown event type');
  }
}
