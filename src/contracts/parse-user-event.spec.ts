import { aSnapshot, aUserCreated, aUserDeleted, aUserUpdated } from '../../test/fixtures/builders';
import { InvalidEventError, parseUserEvent } from './parse-user-event';

const encode = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

describe('parseUserEvent', () => {
  it('reads back each event type exactly as it was written', () => {
    const user = aSnapshot();
    for (const event of [aUserCreated(user), aUserUpdated(user, 2, { name: 'New' }), aUserDeleted(user.id, 3)]) {
      expect(parseUserEvent(encode(event))).toEqual(event);
    }
  });

  it('ignores unknown extra fields', () => {
    const event = aUserCreated();
    expect(parseUserEvent(encode({ ...event, addedLater: true }))).toEqual(event);
  });

  it.each([
    ['not JSON', 'not json{'],
    ['an array', '[]'],
    ['an unknown type', JSON.stringify({ ...aUserCreated(), type: 'UserExploded' })],
    ['an unsupported schema version', JSON.stringify({ ...aUserCreated(), schemaVersion: 2 })],
    ['a version of 0', JSON.stringify({ ...aUserCreated(), version: 0 })],
    ['a fractional version', JSON.stringify({ ...aUserCreated(), version: 1.5 })],
    ['a missing snapshot', JSON.stringify({ ...aUserCreated(), user: undefined })],
    ['an unknown role', JSON.stringify(aUserCreated(aSnapshot({ roles: ['root' as 'buyer'] })))],
    ['a snapshot of another user', JSON.stringify({ ...aUserCreated(), userId: 'someone-else' })],
    ['a bad date', JSON.stringify({ ...aUserCreated(), occurredAt: 'yesterday' })],
  ])('rejects %s as an invalid (poison) event', (_, body) => {
    expect(() => parseUserEvent(body)).toThrow(InvalidEventError);
  });
});
