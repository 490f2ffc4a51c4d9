import { ConfigError } from './config-error';
import { loadConfig } from './load-config';

const secret = 'a'.repeat(16) + 'b'.repeat(16);

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    expect(loadConfig({ JWT_SECRET: secret })).toMatchObject({
      port: 8080,
      mongodbUri: 'mongodb://127.0.0.1:27017/users_service',
      natsUrl: 'nats://127.0.0.1:4222',
      natsStream: 'USERS',
      subjectPrefix: 'users',
      jwt: {
        expiresInSeconds: 900,
        issuer: 'users-service',
        audience: 'users-service',
      },
      bcryptCost: 12,
      logLevel: 'info',
      logPretty: false,
    });
  });

  it('reads durations in seconds, minutes or hours', () => {
    expect(loadConfig({ JWT_SECRET: secret, JWT_EXPIRES_IN: '300' }).jwt.expiresInSeconds).toBe(300);
    expect(loadConfig({ JWT_SECRET: secret, JWT_EXPIRES_IN: '15m' }).jwt.expiresInSeconds).toBe(900);
    expect(loadConfig({ JWT_SECRET: secret, JWT_EXPIRES_IN: '1h' }).jwt.expiresInSeconds).toBe(3600);
  });

  it.each([
    [{}, 'JWT_SECRET is required'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET must be at least 32 bytes'],
    [{ JWT_SECRET: 'replace-with-at-least-32-random-bytes' }, 'JWT_SECRET is a placeholder'],
    [{ JWT_SECRET: secret, PORT: 'eighty' }, 'PORT must be an integer'],
    [{ JWT_SECRET: secret, PORT: '70000' }, 'PORT must be between 0 and 65535'],
    [{ JWT_SECRET: secret, BCRYPT_COST: '3' }, 'BCRYPT_COST must be between 4 and 15'],
    [{ JWT_SECRET: secret, MONGODB_URI: 'http://x' }, 'MONGODB_URI must start with mongodb://'],
    [{ JWT_SECRET: secret, NATS_URL: 'not a url' }, 'NATS_URL is not a valid URL'],
    [{ JWT_SECRET: secret, LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
    [{ JWT_SECRET: secret, JWT_EXPIRES_IN: '30d' }, 'JWT_EXPIRES_IN must be seconds'],
    [{ JWT_SECRET: secret, JWT_EXPIRES_IN: '2d'.replace('d', '00h') }, 'JWT_EXPIRES_IN must be between'],
    [{ JWT_SECRET: secret, LOG_PRETTY: 'maybe' }, 'LOG_PRETTY must be true or false'],
    [{ JWT_SECRET: secret, EVENTS_SUBJECT_PREFIX: 'users.>' }, 'EVENTS_SUBJECT_PREFIX must be'],
  ])('stops with one line naming the variable: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never repeats the secret in an error', () => {
    const weak = 'hunter2-hunter2';
    expect(() => loadConfig({ JWT_SECRET: weak })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(weak) }),
    );
  });
});
