import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { GatehouseError } from '../../../src/errors/index.ts';
import {
  authenticate, changePassword, deleteUser, PasswordStrengthError, requestPasswordReset, resetPasswordWithTicket,
  sendVerificationEmail, signup, unblockUser, verifyEmailWithTicket, BRUTE_FORCE_THRESHOLD, TICKET_LIFETIME_SECONDS,
  type NativeDbDeps,
} from '../../../src/flows/native-db/index.ts';
import { createTenant } from '../../../src/flows/tenants/index.ts';
import {
  createConnectionQueries, createExecutionLogQueries, createSecretBox, createUserQueries, type Database,
} from '../../../src/storage/index.ts';
import { dialects } from '../../helpers/dialects.ts';

const CONNECTION = 'Username-Password-Authentication';
const PASSWORD = 'Correct-h0rse';

async function rejects(work: Promise<unknown>, code: string): Promise<GatehouseError> {
  try {
    await work;
  } catch (err) {
    assert.ok(err instanceof GatehouseError, `expected GatehouseError ${code}, got ${String(err)}`);
    assert.equal(err.code, code);
    return err;
  }
  assert.fail(`expected ${code}, but it succeeded`);
}

const ticketOf = (link: string | undefined) => new URL(link ?? assert.fail('no link')).searchParams.get('ticket') ?? '';

for (const dialect of await dialects()) {
  describe(`native database connection on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: Database;
    let deps: NativeDbDeps;
    let tenantId: string;
    let otherTenantId: string;
    let n = 0;
    const email = () => `user${++n}-${randomBytes(3).toString('hex')}@Example.com`;
    const login = (username: string, password: string, ip = '203.0.113.7') => authenticate(deps, { tenantId, connection: CONNECTION, username, password, ip });

    before(async () => {
      database = await dialect.openMigrated();
      const box = createSecretBox(randomBytes(32));
      deps = { database, box };
      tenantId = (await createTenant(deps, { name: 'acme' })).tenant.id;
      otherTenantId = (await createTenant(deps, { name: 'other' })).tenant.id;
    });
    after(() => database?.close());

    test('signup stores an argon2id hash and never the password; ids are auth0|<24 hex>', async () => {
      const address = email();
      const { user } = await signup(deps, { tenantId, connection: CONNECTION, email: address, password: PASSWORD, given_name: 'Ada' });
      assert.match(user.user_id, /^auth0\|[0-9a-f]{24}$/);
      assert.equal(user.email, address.toLowerCase());
      assert.equal(user.email_verified, false);
      assert.equal(user.given_name, 'Ada');
      assert.match(user.password_hash ?? '', /^\$argon2id\$v=19\$/);
      const rows = await database.db.selectFrom('users').selectAll().execute();
      assert.ok(!JSON.stringify(rows).includes(PASSWORD), 'the plaintext password is in the users table');
      const logs = await database.db.selectFrom('execution_logs').selectAll().execute();
      assert.ok(!JSON.stringify(logs).includes(PASSWORD), 'the plaintext password is in the execution log');
    });

    test('emails are unique per connection ignoring case, but not across connections or tenants', async () => {
      const address = email();
      await signup(deps, { tenantId, connection: CONNECTION, email: address, password: PASSWORD });
      await rejects(signup(deps, { tenantId, connection: CONNECTION, email: address.toUpperCase(), password: PASSWORD }), 'USER_EXISTS');
      await createConnectionQueries(database, deps.box, tenantId).create({ name: 'second-db', strategy: 'auth0', options: {} });
      await signup(deps, { tenantId, connection: 'second-db', email: address, password: PASSWORD });
      await signup(deps, { tenantId: otherTenantId, connection: CONNECTION, email: address, password: PASSWORD });
    });

    test('the connection\'s policy decides; a weak password is a PasswordStrengthError naming it', async () => {
      const err = await rejects(signup(deps, { tenantId, connection: CONNECTION, email: email(), password: 'password' }), 'PASSWORD_TOO_WEAK');
      assert.ok(err instanceof PasswordStrengthError);
      assert.equal(err.policy, 'good');
      assert.equal(err.body().description.rules[1].code, 'containsAtLeast');
      await createConnectionQueries(database, deps.box, tenantId).create({ name: 'lax-db', strategy: 'auth0', options: { passwordPolicy: 'none' } });
      const { user } = await signup(deps, { tenantId, connection: 'lax-db', email: email(), password: 'x' });
      assert.equal((await authenticate(deps, { tenantId, connection: 'lax-db', username: user.email!, password: 'x' })).user.user_id, user.user_id);
    });

    test('signup refuses bad emails, unknown connections and disabled signup', async () => {
      await rejects(signup(deps, { tenantId, connection: CONNECTION, email: 'not-an-email', password: PASSWORD }), 'DBCONN_INVALID_BODY');
      await rejects(signup(deps, { tenantId, connection: 'nope', email: email(), password: PASSWORD }), 'DBCONN_BAD_CONNECTION');
      await createConnectionQueries(database, deps.box, tenantId).create({ name: 'closed-db', strategy: 'auth0', options: { disable_signup: true } });
      await rejects(signup(deps, { tenantId, connection: 'closed-db', email: email(), password: PASSWORD }), 'SIGNUP_DISABLED');
    });

    test('login checks the password, counts the login, and stays inside its tenant', async () => {
      const address = email();
      await signup(deps, { tenantId, connection: CONNECTION, email: address, password: PASSWORD });
      const { user } = await login(address.toUpperCase(), PASSWORD);
      assert.equal(user.logins_count, 1);
      assert.equal(user.last_ip, '203.0.113.7');
      await rejects(login(address, `${PASSWORD}x`), 'WRONG_CREDENTIALS');
      await rejects(login(email(), PASSWORD), 'WRONG_CREDENTIALS');
      await rejects(authenticate(deps, { tenantId: otherTenantId, connection: CONNECTION, username: address, password: PASSWORD }), 'WRONG_CREDENTIALS');
    });

    test('a blocked user is refused with user is blocked only once the password is right', async () => {
      const address = email();
      const { user } = await signup(deps, { tenantId, connection: CONNECTION, email: address, password: PASSWORD });
      await createUserQueries(database, tenantId).update(user.user_id, { blocked: true });
      await rejects(login(address, 'wrong-password'), 'WRONG_CREDENTIALS');
      const err = await rejects(login(address, PASSWORD), 'USER_BLOCKED');
      assert.equal(err.status, 401);
      assert.equal(err.message, 'user is blocked');
    });

    test(`brute force: ${BRUTE_FORCE_THRESHOLD} failures block that user from that IP; the ${BRUTE_FORCE_THRESHOLD + 1}th attempt is too_many_attempts`, async () => {
      const address = email();
      await signup(deps, { tenantId, connection: CONNECTION, email: address, password: PASSWORD });
      for (let i = 1; i < BRUTE_FORCE_THRESHOLD; i++) await rejects(login(address, 'wrong'), 'WRONG_CREDENTIALS');
      await login(address, PASSWORD); // the 9 failures were not consecutive with what follows: reset
      for (let i = 1; i <= BRUTE_FORCE_THRESHOLD; i++) await rejects(login(address, 'wrong'), 'WRONG_CREDENTIALS');
      const err = await rejects(login(address, PASSWORD), 'TOO_MANY_ATTEMPTS');
      assert.equal(err.status, 429);
      assert.match(err.message, /^Your account has been blocked after multiple consecutive login attempts\./);
      await login(address, PASSWORD, '198.51.100.1'); // another IP is not blocked
      const mails = await createExecutionLogQueries(database, tenantId).list({ type: 'email', code_id: 'blocked_account' });
      assert.ok(mails.some((m) => m.details.to === address.toLowerCase()), 'the user was told by mail');
    });

    test('a password change lifts the block; so does an admin unblock', async () => {
      const address = email();
      const { user } = await signup(deps, { tenantId, connection: CONNECTION, email: address, password: PASSWORD });
      for (let i = 0; i < BRUTE_FORCE_THRESHOLD; i++) await rejects(login(address, 'wrong'), 'WRONG_CREDENTIALS');
      await rejects(login(address, PASSWORD), 'TOO_MANY_ATTEMPTS');
      await rejects(changePassword(deps, { tenantId, userId: user.user_id, password: 'weak' }), 'PASSWORD_TOO_WEAK');
      await rejects(login(address, PASSWORD), 'TOO_MANY_ATTEMPTS');
      await changePassword(deps, { tenantId, userId: user.user_id, password: 'N3w-password' });
      await rejects(login(address, PASSWORD), 'WRONG_CREDENTIALS');
      await login(address, 'N3w-password');

      for (let i = 0; i < BRUTE_FORCE_THRESHOLD; i++) await rejects(login(address, 'wrong'), 'WRONG_CREDENTIALS');
      await rejects(login(address, 'N3w-password'), 'TOO_MANY_ATTEMPTS');
      assert.equal(await unblockUser(deps, { tenantId, userId: user.user_id }), 1);
      await login(address, 'N3w-password');
    });

    test('brute-force protection can be turned off per connection', async () => {
      await createConnectionQueries(database, deps.box, tenantId).create({ name: 'open-db', strategy: 'auth0', options: { brute_force_protection: false } });
      const address = email();
      await signup(deps, { tenantId, connection: 'open-db', email: address, password: PASSWORD });
      const attempt = (password: string) => authenticate(deps, { tenantId, connection: 'open-db', username: address, password, ip: '203.0.113.9' });
      for (let i = 0; i <= BRUTE_FORCE_THRESHOLD; i++) await rejects(attempt('wrong'), 'WRONG_CREDENTIALS');
      await attempt(PASSWORD);
    });

    test('reset tickets: nothing for unknown emails, single use, policy checked before the ticket is spent', async () => {
      assert.deepEqual(await requestPasswordReset(deps, { tenantId, connection: CONNECTION, email: email(), linkOrigin: 'https://id.example' }), {});
      const address = email();
      await signup(deps, { tenantId, connection: CONNECTION, email: address, password: PASSWORD });
      const { link } = await requestPasswordReset(deps, { tenantId, connection: CONNECTION, email: address, linkOrigin: 'https://id.example' });
      assert.match(link ?? '', /^https:\/\/id\.example\/u\/reset-password\/ticket\?ticket=[A-Za-z0-9_-]{43}$/);
      const ticket = ticketOf(link);
      const stored = await database.db.selectFrom('tickets').selectAll().execute();
      assert.ok(!JSON.stringify(stored).includes(ticket), 'the ticket token is stored in clear');

      await rejects(resetPasswordWithTicket(deps, { tenantId, ticket, password: 'weak' }), 'PASSWORD_TOO_WEAK');
      const { user } = await resetPasswordWithTicket(deps, { tenantId, ticket, password: 'Rese7-password' });
      assert.equal(user.email_verified, true);
      await login(address, 'Rese7-password');
      await rejects(login(address, PASSWORD), 'WRONG_CREDENTIALS');
      await rejects(resetPasswordWithTicket(deps, { tenantId, ticket, password: 'An0ther-password' }), 'TICKET_INVALID');
      await rejects(resetPasswordWithTicket(deps, { tenantId: otherTenantId, ticket, password: 'An0ther-password' }), 'TICKET_INVALID');
    });

    test('a newer reset link voids the older one; tickets expire after their lifetime', async () => {
      const address = email();
      await signup(deps, { tenantId, connection: CONNECTION, email: address, password: PASSWORD });
      const first = ticketOf((await requestPasswordReset(deps, { tenantId, connection: CONNECTION, email: address, linkOrigin: 'http://x' })).link);
      const second = ticketOf((await requestPasswordReset(deps, { tenantId, connection: CONNECTION, email: address, linkOrigin: 'http://x' })).link);
      await rejects(resetPasswordWithTicket(deps, { tenantId, ticket: first, password: 'Rese7-password' }), 'TICKET_INVALID');
      const later = { ...deps, now: () => new Date(Date.now() + (TICKET_LIFETIME_SECONDS + 60) * 1000) };
      await rejects(resetPasswordWithTicket(later, { tenantId, ticket: second, password: 'Rese7-password' }), 'TICKET_INVALID');
      const { user } = await resetPasswordWithTicket(deps, { tenantId, ticket: second, password: 'Rese7-password' });
      assert.equal(user.email, address.toLowerCase());
    });

    test('email verification links set email_verified once', async () => {
      const address = email();
      const { user } = await signup(deps, { tenantId, connection: CONNECTION, email: address, password: PASSWORD, linkOrigin: 'https://id.example' });
      const mails = await createExecutionLogQueries(database, tenantId).list({ type: 'email', code_id: 'verify_email' });
      const mail = mails.find((m) => m.details.to === address.toLowerCase());
      assert.ok(mail, 'a verification mail was written');
      const ticket = ticketOf(String(mail.details.link));
      const later = { ...deps, now: () => new Date(Date.now() + (TICKET_LIFETIME_SECONDS + 60) * 1000) };
      await rejects(verifyEmailWithTicket(later, { tenantId, ticket }), 'TICKET_INVALID');
      assert.equal((await verifyEmailWithTicket(deps, { tenantId, ticket })).user.email_verified, true);
      await rejects(verifyEmailWithTicket(deps, { tenantId, ticket }), 'TICKET_INVALID');
      assert.deepEqual(await sendVerificationEmail(deps, { tenantId, userId: user.user_id, linkOrigin: 'http://x' }), {}, 'no mail once verified');
    });

    test('delete removes the user; their email can sign up again', async () => {
      const address = email();
      const { user } = await signup(deps, { tenantId, connection: CONNECTION, email: address, password: PASSWORD });
      await rejects(login(address, 'wrong'), 'WRONG_CREDENTIALS');
      assert.equal(await deleteUser(deps, { tenantId, userId: user.user_id }), true);
      assert.equal(await deleteUser(deps, { tenantId, userId: user.user_id }), false);
      await rejects(login(address, PASSWORD), 'WRONG_CREDENTIALS');
      const again = await signup(deps, { tenantId, connection: CONNECTION, email: address, password: PASSWORD });
      assert.notEqual(again.user.user_id, user.user_id);
      const counters = await database.db.selectFrom('login_attempts').selectAll().where('user_id', '=', user.user_id).execute();
      assert.equal(counters.length, 0);
    });
  });
}
