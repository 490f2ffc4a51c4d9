import { aRegisterUserRequest } from '../fixtures/builders';
import { eventually } from '../support/poll';
import { TestApp } from '../support/test-app';

/** Admins exist only by configuration, made through the same commands and events as anyone. */
describe('the admin account from ADMIN_EMAIL and ADMIN_PASSWORD', () => {
  it('is not there without configuration: a fresh install has no accounts at all', async () => {
    const t = await TestApp.start();
    try {
      expect(await t.db.collection('users').countDocuments()).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('is created at start-up with a UserCreated event, and left alone on the next start', async () => {
    const env = { ADMIN_EMAIL: 'Root@Example.com', ADMIN_PASSWORD: 'correct horse battery' };
    const first = await TestApp.start(env);
    const again = await first.startAnother(env);
    try {
      const stored = await first.db.collection('users').find({ email: 'root@example.com' }).toArray();
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ roles: ['admin'], isActive: true, version: 1 });
      const events = await eventually(
        () => first.streamEvents(),
        (all) => all.length > 0,
        { what: 'the admin UserCreated' },
      );
      expect(events.map((e) => [e.type, e.userId])).toEqual([['UserCreated', stored[0]!._id]]);
      // Everything logged since the first app started, the second app's lines included.
      const outcomes = first.logs.filter((l) => l.msg === 'Admin account from configuration').map((l) => l.outcome);
      expect(outcomes.sort()).toEqual(['created', 'unchanged']);
      expect(JSON.stringify(first.logs)).not.toContain('correct horse battery');

      const login = await first
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'root@example.com', password: env.ADMIN_PASSWORD });
      expect(login.status).toBe(200);
    } finally {
      await again.close({ keepData: true });
      await first.close();
    }
  });

  it('promotes an existing account with a UserUpdated event, keeping its password', async () => {
    const t = await TestApp.start();
    const account = aRegisterUserRequest({ roles: ['seller'] });
    const { id } = await t.register(account);
    const promoted = await t.startAnother({ ADMIN_EMAIL: account.email, ADMIN_PASSWORD: 'a-different-password' });
    try {
      expect(await t.db.collection('users').findOne({ _id: id as never })).toMatchObject({
        roles: ['seller', 'admin'],
        version: 2,
      });
      const events = await eventually(
        () => t.streamEvents(),
        (all) => all.some((e) => e.type === 'UserUpdated'),
        { what: 'the promotion event' },
      );
      expect(events.map((e) => [e.type, e.version])).toEqual([
        ['UserCreated', 1],
        ['UserUpdated', 2],
      ]);
      await t.http().post('/api/v1/auth/login').send({ email: account.email, password: account.password }).expect(200);
    } finally {
      await promoted.close({ keepData: true });
      await t.close();
    }
  });
});
