import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  NotFoundException,
  PreconditionFailedException,
} from '@nestjs/common';
import { ChangeForbiddenError } from './change-forbidden.error';
import { ConcurrentChangeError } from './concurrent-change.error';
import { EmailTakenError } from './email-taken.error';
import { PasswordRejectedError } from './password-rejected.error';
import { UserNotFoundError } from './user-not-found.error';
import { VersionMismatchError } from './version-mismatch.error';

/** The HTTP answer to each write-side error; anything else is rethrown untouched. */
export function asHttpError(error: unknown): Error {
  if (error instanceof HttpException) return error;
  if (error instanceof UserNotFoundError) return new NotFoundException(error.message);
  if (error instanceof PasswordRejectedError) {
    return new BadRequestException({
      message: 'validation failed',
      details: [{ field: 'password', reasons: [error.message] }],
    });
  }
  if (error instanceof ChangeForbiddenError) return new ForbiddenException(error.message);
  if (error instanceof VersionMismatchError) return new PreconditionFailedException(error.message);
  if (error instanceof EmailTakenError || error instanceof ConcurrentChangeError)
    return new ConflictException(error.message);
  return error instanceof Error ? error : new Error(String(error));
}
