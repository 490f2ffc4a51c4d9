import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import type { ErrorBody } from './error-body';

class FieldProblem {
  @ApiProperty({ example: 'email' })
  field: string;

  @ApiProperty({ example: ['email must be a valid email address'] })
  reasons: string[];
}

/** The one error shape, for the API documentation. */
export class ErrorResponseDto implements ErrorBody {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'Bad Request' })
  error: string;

  @ApiProperty({ example: 'validation failed' })
  message: string;

  @ApiPropertyOptional({ type: [FieldProblem], description: 'Validation errors: each field and why' })
  details?: FieldProblem[];

  @ApiPropertyOptional({ example: '0af7651916cd43dd8448eb211c80319c', description: 'Also in the X-Trace-Id header' })
  traceId?: string;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input; `details` names each field and reason',
  401: 'Missing, invalid or expired access token (or wrong credentials at login)',
  403: 'Authenticated, but not allowed to do this',
  404: 'No such (live) user',
  409: 'Conflict: the email is taken, or the user kept changing concurrently',
  412: 'If-Match names an older version',
  413: 'Body over 16 KiB',
  415: 'Body is not application/json',
  429: 'Too many requests; see Retry-After',
  503: 'A dependency is unavailable; retry later',
};

/** Documents the listed error statuses with the shared error body. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: DESCRIPTIONS[status], type: ErrorResponseDto })),
  );
}
