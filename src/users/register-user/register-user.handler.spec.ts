import type { AppConfig } from '../../config/app-config';
import type { UserCreated } from '../../contracts/user-events';
import { runWithTrace } from '../../infrastructure/logging/trace-context';
import type { OutboxEntry } from '../../infrastructure/outbox/outbox-entry';
import type { OutboxRelay } from '../../infrastructure/outbox/outbox-relay';
import { Clock } from '../../infrastructure/runtime/clock';
import { IdGenerator } from '../../infrastructure/runtime/id-generator';
import { EmailTakenError } from '../email-taken.error';
import type { PasswordHasher } from '../password-hasher';
import { PasswordPolicy } from '../password-policy';
import { PasswordRejectedError } from '../password-rejected.error';
import type { UserState, UsersRepository } from '../users.repository';
import { RegisterUserCommand } from './register-user.command';
import { RegisterUserHandler } from './register-user.handler';

const NOW = new Date('2026-03-04T05:06:07.000Z');

class FixedClock extends Clock {
  now(): Date {
    return NOW;
  }
}

class SequenceIds extends IdGenerator {
  private n = 0;
  next(): string {
    return `id-${++this.n}`;
  }
}

function setUp(options: { emailTaken?: boolean } = {}) {
  const inserted: Array<{ user: UserState; entry: OutboxEntry }> = [];
  const relayed: Array<{ ownerId: string; entries: OutboxEntry[] }> = [];
  const repository = {
    insert: (user: UserState, entry: OutboxEntry) => {
      if (options.emailTaken) return Promise.reject(new EmailTakenError());
      inserted.push({ user, entry });
      return Promise.resolve();
    },
  } as unknown as UsersRepository;
  const hasher = {
    hash: (password: string) => Promise.resolve(`hashed(${password})`),
  } as unknown as PasswordHasher;
  const relay = {
    relaySoon: (ownerId: string, entries: OutboxEntry[]) => void relayed.push({ ownerId, entries }),
  } as unknown as OutboxRelay;
  const config = { subjectPrefix: 'users' } as AppConfig;
  const policy = new PasswordPolicy({ passwordDenylist: true } as AppConfig);
  const handler = new RegisterUserHandler(
    repository,
    hasher,
    policy,
    relay,
    new FixedClock(),
    new SequenceIds(),
    config,
  );
  return { handler, inserted, relayed };
}

describe('RegisterUserHandler', () => {
  const command = new RegisterUserCommand('ada@example.com', 'a-rather-uncommon-pass', 'Ada', ['buyer', 'seller']);

  it('writes the user with a hash, never the password, at version 1', async () => {
    const { handler, inserted } = setUp();
    await handler.execute(command);
    expect(inserted[0]?.user).toEqual({
      _id: 'id-1',
      email: 'ada@example.com',
      passwordHash: 'hashed(a-rather-uncommon-pass)',
      name: 'Ada',
      roles: ['buyer', 'seller'],
      isActive: true,
      createdAt: NOW,
      updatedAt: NOW,
      version: 1,
    });
  });

  it('stores a UserCreated in the same write, carrying the public snapshot and the trace id', async () => {
    const { handler, inserted } = setUp();
    await runWithTrace('0af7651916cd43dd8448eb211c80319c', () => handler.execute(command));
    const entry = inserted[0]!.entry;
    expect(entry).toMatchObject({
      eventId: 'id-2',
      subject: 'users.created',
      version: 1,
      createdAt: NOW,
    });
    const event = JSON.parse(entry.payload) as UserCreated;
    expect(event).toEqual({
      eventId: 'id-2',
      type: 'UserCreated',
      schemaVersion: 1,
      version: 1,
      occurredAt: NOW.toISOString(),
      userId: 'id-1',
      traceId: '0af7651916cd43dd8448eb211c80319c',
      user: {
        id: 'id-1',
        email: 'ada@example.com',
        name: 'Ada',
        roles: ['buyer', 'seller'],
        isActive: true,
        createdAt: NOW.toISOString(),
        updatedAt: NOW.toISOString(),
      },
    });
    expect(entry.payload).not.toContain('hashed(');
  });

  it('hands the stored event to the relay only after the write', async () => {
    const { handler, inserted, relayed } = setUp();
    const result = await handler.execute(command);
    expect(relayed).toEqual([{ ownerId: 'id-1', entries: [inserted[0]!.entry] }]);
    expect(result).toMatchObject({ id: 'id-1', version: 1 });
    expect(result).not.toHaveProperty('passwordHash');
  });

  it('refuses a common password before hashing when the denylist is on', async () => {
    const { handler, inserted } = setUp();
    await expect(
      handler.execute(new RegisterUserCommand('a@example.com', 'Password123', 'A', ['buyer'])),
    ).rejects.toBeInstanceOf(PasswordRejectedError);
    expect(inserted).toEqual([]);
  });

  it('publishes nothing when the email is taken', async () => {
    const { handler, relayed } = setUp({ emailTaken: true });
    await expect(handler.execute(command)).rejects.toBeInstanceOf(EmailTakenError);
    expect(relayed).toEqual([]);
  });
});
