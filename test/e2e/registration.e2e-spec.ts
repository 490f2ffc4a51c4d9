import { aRegisterUserRequest } from '../fixtures/builders';
import { eventually } from '../support/poll';
import { TestApp } from '../support/test-app';

const BCRYPT_HASH = /\$2[aby]\$\d{2}\$/;

describe('POST /api/v1/auth/register', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
  });

  afterAll(async () => {
    await t.close();
  });

  const users = () => t.db.collection('users');

  describe('refuses bad input with a 400 naming each field, and writes nothing', () => {
    const valid = {
      email: 'valid@example.com',
      password: 'password123',
      name: 'Valid',
      roles: ['buyer'],
    };
    it.each([
      ['a missing email', { ...valid, email: undefined }, 'email'],
      ['a malformed email', { ...valid, email: 'not-an-email' }, 'email'],
      ['an email over 254 characters', { ...valid, email: `${'a'.repeat(250)}@example.com` }, 'email'],
      ['an email that is not a string', { ...valid, email: { $ne: null } }, 'email'],
      ['a password under 8 bytes', { ...valid, password: 'short12' }, 'password'],
      ['a password over 72 bytes', { ...valid, password: 'p'.repeat(73) }, 'password'],
      ['a password of 25 three-byte characters (75 bytes)', { ...valid, password: '€'.repeat(25) }, 'password'],
      ['a password with a NUL byte', { ...valid, password: 'password\u0000123' }, 'password'],
      ['a password that is a number', { ...valid, password: 12345678 }, 'password'],
      ['an empty name', { ...valid, name: '' }, 'name'],
      ['a name of spaces only', { ...valid, name: '   ' }, 'name'],
      ['a name over 100 characters', { ...valid, name: 'n'.repeat(101) }, 'name'],
      ['the admin role', { ...valid, roles: ['admin'] }, 'roles'],
      ['an unknown role', { ...valid, roles: ['root'] }, 'roles'],
      ['an empty role list', { ...valid, roles: [] }, 'roles'],
      ['a repeated role', { ...valid, roles: ['buyer', 'buyer'] }, 'roles'],
      ['roles as a string', { ...valid, roles: 'buyer' }, 'roles'],
      ['an unknown field', { ...valid, isAdmin: true }, 'isAdmin'],
      ['a client-chosen id', { ...valid, id: '7f1e7a52-8c1b-4a5e-9d7e-8d1f2c3b4a5e' }, 'id'],
      ['a password hash', { ...valid, passwordHash: '$2b$12$abc' }, 'passwordHash'],
    ])('%s', async (_, body, field) => {
      const response = await t.http().post('/api/v1/auth/register').send(body).expect(400);
      expect(response.body).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        message: 'validation failed',
      });
      const fields = (response.body.details as Array<{ field: string; reasons: string[] }>).map((d) => d.field);
      expect(fields).toContain(field);
      for (const detail of response.body.details) expect(detail.reasons.length).toBeGreaterThan(0);
    });

    it.each([
      ['a JSON array body', '[]', 'application/json', 400],
      ['invalid JSON', '{"email":', 'application/json', 400],
      [
        'a __proto__ key',
        '{"__proto__":{"isAdmin":true},"email":"p@example.com","password":"password123","name":"P"}',
        'application/json',
        400,
      ],
      ['a form-encoded body', 'email=a%40b.c&password=password123&name=x', 'application/x-www-form-urlencoded', 415],
      ['a plain-text body', 'hello', 'text/plain', 415],
    ])('%s', async (_, raw, contentType, status) => {
      const response = await t.http().post('/api/v1/auth/register').set('Content-Type', contentType).send(raw);
      expect(response.status).toBe(status);
      expect(response.body).toMatchObject({
        statusCode: status,
        message: expect.any(String),
      });
    });

    it('a body over 16 KiB, with 413 before any hashing', async () => {
      const started = Date.now();
      await t
        .http()
        .post('/api/v1/auth/register')
        .send({ ...valid, name: 'x'.repeat(20_000) })
        .expect(413);
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('and none of them wrote a user or published an event', async () => {
      expect(await users().countDocuments()).toBe(0);
      expect(await t.streamEvents()).toEqual([]);
    });
  });

  it('accepts passwords of exactly 8 and exactly 72 bytes, spaces and emoji kept', async () => {
    await t.register(aRegisterUserRequest({ password: '8bytes!!' }));
    const body = aRegisterUserRequest({ password: ` ${'😀'.repeat(17)} x ` });
    expect(Buffer.byteLength(body.password)).toBe(72);
    await t.register(body);
    await t.http().post('/api/v1/auth/login').send({ email: body.email, password: body.password }).expect(200);
    await t.http().post('/api/v1/auth/login').send({ email: body.email, password: body.password.trim() }).expect(401);
  });

  it('gives new users the buyer role when none is asked for', async () => {
    const { roles: _omitted, ...body } = aRegisterUserRequest();
    const response = await t.http().post('/api/v1/auth/register').send(body).expect(201);
    expect(response.body.roles).toEqual(['buyer']);
  });

  it('stores the email trimmed, NFC-normalized and lower-cased', async () => {
    const response = await t
      .http()
      .post('/api/v1/auth/register')
      .send(aRegisterUserRequest({ email: '  Zoe\u0301.Mixed@Example.COM ' }))
      .expect(201);
    expect(response.body.email).toBe('zo\u00e9.mixed@example.com');
  });

  it('rejects an email that is already taken, in any spelling, with 409', async () => {
    const body = aRegisterUserRequest({ email: 'taken@example.com' });
    await t.register(body);
    for (const email of ['taken@example.com', 'TAKEN@example.com', '  taken@EXAMPLE.com  ']) {
      const response = await t
        .http()
        .post('/api/v1/auth/register')
        .send({ ...body, email })
        .expect(409);
      expect(response.body).toMatchObject({
        statusCode: 409,
        error: 'Conflict',
        message: 'email is already registered',
      });
    }
    expect(await users().countDocuments({ email: 'taken@example.com' })).toBe(1);
  });

  it('lets exactly one of many concurrent registrations of one email succeed', async () => {
    const spellings = [
      'race@example.com',
      'RACE@example.com',
      ' race@example.com',
      'Race@Example.Com',
      'race@EXAMPLE.COM ',
    ];
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t
          .http()
          .post('/api/v1/auth/register')
          .send(aRegisterUserRequest({ email: spellings[i % spellings.length] })),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    expect(await users().countDocuments({ email: 'race@example.com' })).toBe(1);
    const winner = responses.find((r) => r.status === 201)!.body.id as string;
    const raceEvents = async () =>
      (await t.streamEvents()).filter((e) => e.type === 'UserCreated' && e.user.email === 'race@example.com');
    await eventually(raceEvents, (events) => events.length > 0, {
      what: "the winner's UserCreated",
    });
    expect((await raceEvents()).map((e) => e.userId)).toEqual([winner]);
  });

  it('never returns the password or its hash', async () => {
    const body = aRegisterUserRequest();
    const response = await t.http().post('/api/v1/auth/register').send(body).expect(201);
    expect(response.text).not.toContain(body.password);
    expect(response.text).not.toMatch(BCRYPT_HASH);
    expect(response.body).not.toHaveProperty('passwordHash');
    const stored = await users().findOne({ _id: response.body.id });
    expect(stored?.passwordHash).toMatch(BCRYPT_HASH);
  });
});
