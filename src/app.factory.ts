import helmet from '@fastify/helmet';
import { NestFactory } from '@nestjs/core';
import { getConnectionToken } from '@nestjs/mongoose';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Connection } from 'mongoose';
import { Logger, PinoLogger } from 'nestjs-pino';
import { AppModule, AppOptions } from './app.module';
import { AppConfig } from './config/app-config';
import { BootstrapLogger } from './infrastructure/logging/bootstrap-logger';
import { setUpApiDocs } from './infrastructure/http/api-docs';
import { registerHttpTracing, traceIdOf } from './infrastructure/logging/http-trace.hook';
import { Metrics } from './infrastructure/metrics/metrics';
import { registerDatabaseBreaker } from './infrastructure/mongo/database-breaker';

/** Request bodies above this are refused with 413 before anything else happens to them. */
export const BODY_LIMIT_BYTES = 16 * 1024;

/** Builds the application exactly as production runs it; tests use the same function. */
export async function createApp(config: AppConfig, options: AppOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
    genReqId: traceIdOf,
    // X-Forwarded-For is believed only from configured proxies (rate limits key on the address).
    trustProxy: config.trustProxy,
  });
  // JSON is the only body type: Fastify's own JSON parser stays (with the limits above),
  // Nest's extra parsers are not registered and the plain-text one is removed, so any
  // other content type is a 415.
  adapter.getInstance().removeContentTypeParser('text/plain');
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, options), adapter, {
    logger: new BootstrapLogger(config, options.logDestination),
    bodyParser: false,
    // Start-up errors reach the caller (main.ts prints them as one line) instead of exiting here.
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  await app.register(helmet, {
    // The API answers JSON; only the Swagger UI at /docs is HTML, and it needs inline styles.
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'] },
    },
  });
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins,
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'X-Min-Version', 'traceparent', 'X-Request-Id'],
      exposedHeaders: ['ETag', 'Location', 'Retry-After', 'X-Trace-Id', 'traceparent'],
    });
  }
  const httpLogger = await app.resolve(PinoLogger);
  httpLogger.setContext('Http');
  registerHttpTracing(adapter.getInstance(), httpLogger, app.get(Metrics));
  registerDatabaseBreaker(adapter.getInstance(), app.get<Connection>(getConnectionToken()));
  setUpApiDocs(app);
  return app;
}
