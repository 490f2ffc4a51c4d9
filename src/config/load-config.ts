import { AppConfig } from './app-config';
import { ConfigError } from './config-error';

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Values copied from documentation and examples; a service must never run with one. */
const PLACEHOLDER_SECRETS = new Set([
  'replace-with-at-least-32-random-bytes',
  'change-me',
  'changeme',
  'secret',
  'your-secret',
  'your-secret-key',
  'your_jwt_secret',
  'jwt-secret',
  'supersecret',
]);

/** Reads and validates every variable; throws a ConfigError naming the first bad one. */
export function loadConfig(env: Env): AppConfig {
  const read = new EnvReader(env);
  return Object.freeze({
    appRole: read.oneOf('APP_ROLE', 'all', ['all', 'api', 'worker'] as const),
    port: read.int('PORT', 8080, 0, 65535),
    host: read.string('HOST', '0.0.0.0'),
    mongodbUri: read.url('MONGODB_URI', 'mongodb://127.0.0.1:27017/users_service', ['mongodb:', 'mongodb+srv:']),
    natsUrl: read.url('NATS_URL', 'nats://127.0.0.1:4222', ['nats:', 'tls:']),
    natsStream: read.pattern('NATS_STREAM', 'USERS', /^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ or -'),
    subjectPrefix: read.pattern(
      'EVENTS_SUBJECT_PREFIX',
      'users',
      /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/,
      'dot-separated tokens of letters, digits, _ or -',
    ),
    jwt: {
      secret: read.secret('JWT_SECRET'),
      expiresInSeconds: read.duration('JWT_EXPIRES_IN', 900, 60, 86_400),
      issuer: read.string('JWT_ISSUER', 'users-service'),
      audience: read.string('JWT_AUDIENCE', 'users-service'),
    },
    bcryptCost: read.int('BCRYPT_COST', 12, 4, 15),
    admin: read.admin(),
    passwordDenylist: read.bool('PASSWORD_DENYLIST', false),
    authCacheTtlMs: read.int('AUTH_CACHE_TTL_MS', 1000, 0, 60_000),
    rateLimits: {
      loginPerMinute: read.int('RATE_LIMIT_LOGIN_PER_MINUTE', 10, 1, 10_000_000),
      registerPerMinute: read.int('RATE_LIMIT_REGISTER_PER_MINUTE', 5, 1, 10_000_000),
    },
    trustProxy: read.trustProxy('TRUST_PROXY'),
    corsOrigins: read.list('CORS_ORIGINS').map((origin) => read.origin('CORS_ORIGINS', origin)),
    logLevel: read.oneOf('LOG_LEVEL', 'info', LOG_LEVELS),
    logPretty: read.bool('LOG_PRETTY', false),
    outboxSweepIntervalMs: read.int('OUTBOX_SWEEP_INTERVAL_MS', 2000, 100, 3_600_000),
    outboxSafetySweepMs: read.int('OUTBOX_SAFETY_SWEEP_MS', 60_000, 1000, 86_400_000),
    metrics: { port: read.optionalInt('METRICS_PORT', 0, 65535), host: read.string('METRICS_HOST', '127.0.0.1') },
    readiness: {
      maxConsumerPending: read.int('READY_MAX_CONSUMER_PENDING', 10_000, 0, 100_000_000),
      maxOutboxPending: read.int('READY_MAX_OUTBOX_PENDING', 1_000, 0, 100_000_000),
    },
    startupTimeoutMs: read.int('STARTUP_TIMEOUT_MS', 15_000, 1000, 600_000),
    consumers: {
      ackWaitMs: read.int('CONSUMER_ACK_WAIT_MS', 30_000, 1000, 3_600_000),
      maxDeliver: read.int('CONSUMER_MAX_DELIVER', 5, 1, 1000),
    },
    readYourWritesTimeoutMs: read.int('READ_YOUR_WRITES_TIMEOUT_MS', 2000, 0, 60_000),
    faults: {
      crashAfterWrite: read.bool('FAULT_CRASH_AFTER_WRITE', false),
      crashBeforeAck: read.optionalString('FAULT_CRASH_BEFORE_ACK'),
      failProjectionFor: read.optionalString('FAULT_FAIL_PROJECTION_FOR'),
    },
  });
}

class EnvReader {
  constructor(private readonly env: Env) {}

  private raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === '' ? undefined : value;
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!/^-?\d+$/.test(value)) throw new ConfigError(name, `must be an integer, got "${value}"`);
    const n = Number(value);
    if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
    return n;
  }

  list(name: string): string[] {
    return (this.raw(name) ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  }

  origin(name: string, value: string): string {
    if (!/^https?:\/\/[^/\s]+$/.test(value))
      throw new ConfigError(name, `must list origins like https://app.example.com, got "${value}"`);
    return value;
  }

  trustProxy(name: string): boolean | number | string[] {
    const value = this.raw(name);
    if (value === undefined || ['false', '0', 'no', 'off'].includes(value.toLowerCase())) return false;
    if (['true', 'yes', 'on'].includes(value.toLowerCase())) return true;
    if (/^\d+$/.test(value)) return Number(value);
    const addresses = this.list(name);
    if (!addresses.every((a) => /^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(a))) {
      throw new ConfigError(name, 'must be false, true, a hop count, or addresses/CIDRs separated by commas');
    }
    return addresses;
  }

  optionalString(name: string): string | undefined {
    return this.raw(name);
  }

  optionalInt(name: string, min: number, max: number): number | undefined {
    return this.raw(name) === undefined ? undefined : this.int(name, 0, min, max);
  }

  /** Seconds as a plain integer, or with an s/m/h suffix ("900", "15m", "1h"). */
  duration(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const match = /^(\d+)([smh]?)$/.exec(value);
    if (!match) throw new ConfigError(name, `must be seconds or a duration like 15m or 1h, got "${value}"`);
    const seconds = Number(match[1]) * ({ '': 1, s: 1, m: 60, h: 3600 }[match[2] ?? ''] ?? 1);
    if (seconds < min || seconds > max) {
      throw new ConfigError(name, `must be between ${min} and ${max} seconds, got ${seconds}`);
    }
    return seconds;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(value)) return true;
    if (['0', 'false', 'no', 'off'].includes(value)) return false;
    throw new ConfigError(name, `must be true or false, got "${value}"`);
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${value}"`);
    }
    return value as T;
  }

  pattern(name: string, fallback: string, re: RegExp, description: string): string {
    const value = this.raw(name) ?? fallback;
    if (!re.test(value)) throw new ConfigError(name, `must be ${description}, got "${value}"`);
    return value;
  }

  url(name: string, fallback: string, protocols: string[]): string {
    const value = this.raw(name) ?? fallback;
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      throw new ConfigError(name, 'is not a valid URL');
    }
    if (!protocols.includes(parsed.protocol)) {
      throw new ConfigError(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
    }
    return value;
  }

  /** ADMIN_EMAIL and ADMIN_PASSWORD go together; the password follows the registration rules. */
  admin(): AppConfig['admin'] {
    const email = this.raw('ADMIN_EMAIL');
    const password = this.env.ADMIN_PASSWORD ?? '';
    if (email === undefined) {
      if (password !== '') throw new ConfigError('ADMIN_PASSWORD', 'is set but ADMIN_EMAIL is not');
      return undefined;
    }
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new ConfigError('ADMIN_EMAIL', 'is not an email address');
    if (password === '') throw new ConfigError('ADMIN_PASSWORD', 'is required when ADMIN_EMAIL is set');
    const bytes = Buffer.byteLength(password, 'utf8');
    if (bytes < 8 || bytes > 72 || password.includes('\0')) {
      throw new ConfigError('ADMIN_PASSWORD', 'must be 8 to 72 bytes without NUL characters');
    }
    return { email: email.normalize('NFC').toLowerCase(), password, name: this.string('ADMIN_NAME', 'Administrator') };
  }

  /** The secret itself never appears in an error message. */
  secret(name: string): string {
    const value = this.raw(name);
    if (value === undefined) throw new ConfigError(name, 'is required (at least 32 random bytes)');
    if (Buffer.byteLength(value, 'utf8') < 32) throw new ConfigError(name, 'must be at least 32 bytes long');
    if (PLACEHOLDER_SECRETS.has(value.toLowerCase())) {
      throw new ConfigError(name, 'is a placeholder value; generate a random secret');
    }
    return value;
  }
}
