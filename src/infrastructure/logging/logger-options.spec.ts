import pino from 'pino';
import type { AppConfig } from '../../config/app-config';
import { loggerOptions, safeUrl } from './logger-options';
import { runWithTrace } from './trace-context';

function capture(): { lines: Array<Record<string, unknown>>; logger: pino.Logger } {
  const lines: Array<Record<string, unknown>> = [];
  const options = loggerOptions({ logLevel: 'info', logPretty: false } as AppConfig);
  const logger = pino(options as pino.LoggerOptions, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { lines, logger };
}

describe('logger options', () => {
  it('redacts secrets wherever a caller puts them', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        password: 'p1',
        accessToken: 't1',
        user: { passwordHash: '$2b$12$x', password: 'p2', token: 't2' },
        req: { headers: { authorization: 'Bearer t3', cookie: 'c' } },
      },
      'careless',
    );
    expect(JSON.stringify(lines)).not.toMatch(/p1|p2|t1|t2|t3|\$2b\$/);
    expect(lines[0]).toMatchObject({ password: '[redacted]', user: { passwordHash: '[redacted]' } });
  });

  it('adds the trace id and the event fields of the current context to every line', () => {
    const { lines, logger } = capture();
    runWithTrace('0af7651916cd43dd8448eb211c80319c', () => logger.info('inside'), { event_id: 'e1', version: 2 });
    logger.info('outside');
    expect(lines[0]).toMatchObject({ trace_id: '0af7651916cd43dd8448eb211c80319c', event_id: 'e1', version: 2 });
    expect(lines[1]).not.toHaveProperty('trace_id');
  });

  it('masks secret-looking query parameters in logged URLs', () => {
    expect(safeUrl('/api/v1/users?limit=1&access_token=abc&password=x')).toBe(
      '/api/v1/users?limit=1&access_token=%5Bredacted%5D&password=%5Bredacted%5D',
    );
    expect(safeUrl('/api/v1/users')).toBe('/api/v1/users');
  });
});
