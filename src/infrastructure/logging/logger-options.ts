import { stdTimeFunctions } from 'pino';
import type { Options } from 'pino-http';
import { AppConfig } from '../../config/app-config';
import { currentTrace } from './trace-context';

/** Paths never written to a log, whatever a caller passes in. */
export const REDACTED_PATHS = [
  'password',
  'passwordHash',
  'accessToken',
  'token',
  'authorization',
  '*.password',
  '*.passwordHash',
  '*.accessToken',
  '*.token',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
];

const SECRET_QUERY_PARAM = /(token|password|secret|auth|key)/i;

/** The path with the values of secret-looking query parameters replaced. */
export function safeUrl(url: string | undefined): string {
  if (!url) return '';
  const at = url.indexOf('?');
  if (at < 0) return url;
  const params = new URLSearchParams(url.slice(at + 1));
  for (const key of [...params.keys()]) if (SECRET_QUERY_PARAM.test(key)) params.set(key, '[redacted]');
  return `${url.slice(0, at)}?${params.toString()}`;
}

export function loggerOptions(config: AppConfig): Options {
  return {
    level: config.logLevel,
    timestamp: stdTimeFunctions.isoTime,
    base: { pid: process.pid },
    // Every line written while handling a request or an event carries its trace id.
    mixin: () => {
      const trace = currentTrace();
      return trace ? { trace_id: trace.traceId, ...trace.fields } : {};
    },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(config.logPretty ? { transport: { target: 'pino-pretty', options: { singleLine: true } } } : {}),
  };
}
