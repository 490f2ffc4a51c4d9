import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { currentTraceId } from '../logging/trace-context';
import { isDatabaseUnavailable } from '../mongo/database-errors';
import { ErrorBody, errorBody } from './error-body';

/**
 * Every error leaves as the same small JSON body with the trace id. Client errors say
 * what was wrong; anything else is generic: no driver text, no stack, ever.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(
    @InjectPinoLogger(HttpExceptionFilter.name)
    private readonly logger: PinoLogger,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toBody(exception);
    if (body.statusCode === 401) void reply.header('WWW-Authenticate', 'Bearer');
    if (body.statusCode === 503) void reply.header('Retry-After', '1');
    void reply.status(body.statusCode).send(body);
  }

  private toBody(exception: unknown): ErrorBody {
    const traceId = currentTraceId();
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'string') return errorBody(status, response, traceId);
      const { message, details } = response as {
        message?: unknown;
        details?: ErrorBody['details'];
      };
      const text = Array.isArray(message)
        ? message.join('; ')
        : typeof message === 'string'
          ? message
          : exception.message;
      return errorBody(status, text, traceId, details);
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn({ err: exception }, 'Database unavailable');
      return errorBody(503, 'service temporarily unavailable, retry later', traceId);
    }
    this.logger.error({ err: exception }, 'Unhandled error');
    return errorBody(500, 'internal error', traceId);
  }
}
