import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsString,
  MaxLength,
  registerDecorator,
  ValidationArguments,
} from 'class-validator';
import { ROLES, Role } from '../contracts/user-events';

/** Roles anyone may give themselves; `admin` is granted only by an admin or by configuration. */
export const SELF_ASSIGNABLE_ROLES = ['buyer', 'seller'] as const satisfies readonly Role[];
export type SelfAssignableRole = (typeof SELF_ASSIGNABLE_ROLES)[number];

/** Roles in one fixed order (buyer, seller, admin), whatever order they were sent in. */
export function canonicalRoles(roles: readonly Role[]): Role[] {
  return ROLES.filter((role) => roles.includes(role));
}

export const PASSWORD_MIN_BYTES = 8;
/** bcrypt ignores everything after 72 bytes: longer passwords are refused, never truncated. */
export const PASSWORD_MAX_BYTES = 72;
export const NAME_MAX_CHARS = 100;

/** One spelling per address: Unicode NFC, trimmed, lower-cased. */
export function normalizeEmail(value: unknown): unknown {
  return typeof value === 'string' ? value.normalize('NFC').trim().toLowerCase() : value;
}

/** Email field: normalized before validation, at most 254 characters. */
export function EmailField(): PropertyDecorator {
  return (target, key) => {
    Transform(({ value }) => normalizeEmail(value))(target, key);
    IsString()(target, key);
    MaxLength(254)(target, key);
    IsEmail({}, { message: 'email must be a valid email address' })(target, key);
  };
}

function passwordProblem(value: unknown, minBytes: number): string | undefined {
  if (typeof value !== 'string') return 'password must be a string';
  // bcrypt reads a C string: anything after a NUL would be silently ignored.
  if (value.includes('\0')) return 'password must not contain NUL characters';
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes < minBytes)
    return minBytes === 1 ? 'password must not be empty' : `password must be at least ${minBytes} bytes`;
  if (bytes > PASSWORD_MAX_BYTES) return `password must be at most ${PASSWORD_MAX_BYTES} bytes (UTF-8)`;
  return undefined;
}

/**
 * At most 72 bytes of UTF-8 and no NUL, so bcrypt sees exactly what was sent (no trimming,
 * no normalization); at least 8 bytes when choosing one. Login passes `minBytes` 1: a short
 * password there is simply wrong.
 */
export function PasswordField(minBytes = PASSWORD_MIN_BYTES): PropertyDecorator {
  return (target, key) =>
    registerDecorator({
      name: 'isPassword',
      target: target.constructor,
      propertyName: key as string,
      validator: {
        validate: (value: unknown) => passwordProblem(value, minBytes) === undefined,
        defaultMessage: (args?: ValidationArguments) => passwordProblem(args?.value, minBytes) ?? 'password is invalid',
      },
    });
}

function nameProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'name must be a string';
  const length = [...value].length;
  if (length < 1) return 'name must not be empty';
  if (length > NAME_MAX_CHARS) return `name must be at most ${NAME_MAX_CHARS} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'name must not contain control characters';
  return undefined;
}

/** 1 to 100 characters after trimming, no control characters. */
export function NameField(): PropertyDecorator {
  return (target, key) => {
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFC').trim() : value))(
      target,
      key,
    );
    registerDecorator({
      name: 'isName',
      target: target.constructor,
      propertyName: key as string,
      validator: {
        validate: (value: unknown) => nameProblem(value) === undefined,
        defaultMessage: (args?: ValidationArguments) => nameProblem(args?.value) ?? 'name is invalid',
      },
    });
  };
}

/** A non-empty list of distinct roles drawn from `allowed`. */
export function RolesField(allowed: readonly Role[]): PropertyDecorator {
  return (target, key) => {
    IsArray({ message: 'roles must be a list' })(target, key);
    ArrayMinSize(1, { message: 'roles must not be empty' })(target, key);
    ArrayMaxSize(allowed.length)(target, key);
    ArrayUnique({ message: 'roles must not repeat a role' })(target, key);
    IsIn(allowed, {
      each: true,
      message: `roles may only contain ${allowed.join(', ')}`,
    })(target, key);
  };
}
