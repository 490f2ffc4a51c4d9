import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { PinoLogger } from 'nestjs-pino';
import type { Metrics } from '../metrics/metrics';
import { safeUrl } from './logger-options';
import {
  formatTraceparent,
  newTraceId,
  runWithTrace,
  traceIdFromRequestId,
  traceIdFromTraceparent,
} from './trace-context';

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The request's trace id, used as Fastify's request id: from an incoming W3C `traceparent`,
 * else from an `X-Request-Id` shaped like one, else a new one.
 */
export function traceIdOf(request: IncomingMessage): string {
  return (
    traceIdFromTraceparent(header(request, 'traceparent')) ??
    traceIdFromRequestId(header(request, 'x-request-id')) ??
    newTraceId()
  );
}

function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? 'unmatched';
}

/**
 * Runs every request inside its trace (so every log line and stored event picks the id
 * up), echoes the id back in `X-Trace-Id` and `traceparent`, and logs the request's two
 * ends with its status and duration.
 */
export function registerHttpTracing(fastify: FastifyInstance, logger: PinoLogger, metrics: Metrics): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    runWithTrace(request.id, (trace) => {
      void reply.header('X-Trace-Id', trace.traceId).header('traceparent', formatTraceparent(trace));
      logger.info(
        {
          method: request.method,
          url: safeUrl(request.url),
          route: routeOf(request),
        },
        'Request received',
      );
      done();
    });
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    runWithTrace(request.id, () => {
      const route = routeOf(request);
      const fields = {
        method: request.method,
        url: safeUrl(request.url),
        route,
        status: reply.statusCode,
        duration_ms: Math.round(reply.elapsedTime * 10) / 10,
      };
      metrics.httpRequestDuration.observe(
        { method: request.method, route, status_code: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
      if (reply.statusCode >= 500) logger.error(fields, 'Request completed');
      else logger.info(fields, 'Request completed');
      done();
    });
  });
}
