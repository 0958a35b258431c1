import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../src/storage/database.ts';
import { createTenantQueries } from '../../src/storage/tenants.ts';
import { createUserQueries } from '../../src/storage/users.ts';
import { isGatehouseError } from '../../src/errors/index.ts';
import { dialects } from '../helpers/dialects.ts';

for (const dialect of await dialects()) {
  describe(`users on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: Database;
    let tenantId: string;
    before(async () => {
      database = await dialect.openMigrated();
      tenantId = (await createTenantQueries(database).create({ name: 'acme' })).id;
    });
    after(async () => { await database?.close(); });

    test('create with defaults; email lowercased; find by id and by email in any case', async () => {
      const users = createUserQueries(database, tenantId);
      const u = await users.create({ connection: 'db', email: 'Jane.Doe@Example.com', password_hash: '$argon2id$fake', user_metadata: { theme: 'dark' } });
      assert.match(u.user_id, /^auth0\|[0-9a-f]{24}$/);
      assert.equal(u.email, 'jane.doe@example.com');
      assert.equal(u.nickname, 'Jane.Doe');
      assert.equal(u.email_verified, false);
      assert.equal(u.logins_count, 0);
      assert.deepEqual(u.user_metadata, { theme: 'dark' });
      assert.deepEqual(await users.find(u.user_id), u);
      assert.deepEqual(await users.findByEmail('db', 'JANE.DOE@example.COM'), u);
      assert.equal(await users.findByEmail('other-db', 'jane.doe@example.com'), undefined);
    });

    test('email and username are unique per connection, not across connections', async () => {
      const users = createUserQueries(database, tenantId);
      await users.create({ connection: 'db', email: 'dup@example.com', username: 'dupuser' });
      await assert.rejects(users.create({ connection: 'db', email: 'DUP@example.com' }), (err) => isGatehouseError(err) && err.code === 'MGMT_CONFLICT');
      await assert.rejects(users.create({ connection: 'db', email: 'x@example.com', username: 'dupuser' }), (err) => isGatehouseError(err) && err.code === 'MGMT_CONFLICT');
      await users.create({ connection: 'legacy-db', email: 'dup@example.com', user_id: 'auth0|legacy-db|42' });
      assert.equal((await users.findByUsername('db', 'dupuser'))?.email, 'dup@example.com');
      assert.equal((await users.find('auth0|legacy-db|42'))?.connection, 'legacy-db');
    });

    test('users without email may coexist in one connection', async () => {
      const users = createUserQueries(database, tenantId);
      await users.create({ connection: 'phone', phone_number: '+15550001' });
      await users.create({ connection: 'phone', phone_number: '+15550002' });
      assert.equal(await users.count('phone'), 2);
    });

    test('update, password hash, login bookkeeping, remove', async () => {
      const users = createUserQueries(database, tenantId);
      const u = await users.create({ connection: 'db', email: 'bob@example.com' });
      const up = await users.update(u.user_id, { given_name: 'Bob', app_metadata: { plan: 'pro' }, blocked: true, email_verified: true });
      assert.equal(up?.given_name, 'Bob');
      assert.deepEqual(up?.app_metadata, { plan: 'pro' });
      assert.equal(up?.blocked, true);
      assert.equal(up?.email_verified, true);
      assert.equal(up?.email, 'bob@example.com');

      assert.equal(await users.setPasswordHash(u.user_id, '$argon2id$new'), true);
      const after = await users.find(u.user_id);
      assert.equal(after?.password_hash, '$argon2id$new');
      assert.ok(after?.last_password_reset);

      await Promise.all([users.recordLogin(u.user_id, '203.0.113.5'), users.recordLogin(u.user_id, '203.0.113.5')]);
      const logged = await users.recordLogin(u.user_id, '198.51.100.7');
      assert.equal(logged?.logins_count, 3);
      assert.equal(logged?.last_ip, '198.51.100.7');
      assert.ok(logged?.last_login);

      assert.equal(await users.remove(u.user_id), true);
      assert.equal(await users.find(u.user_id), undefined);
      assert.equal(await users.update(u.user_id, { name: 'x' }), undefined);
      assert.equal(await users.setPasswordHash(u.user_id, 'x'), false);
    });

    test('list pages and filters by connection', async () => {
      const users = createUserQueries(database, tenantId);
      for (let i = 0; i < 5; i++) await users.create({ connection: 'paged', email: `p${i}@example.com` });
      const page1 = await users.list({ connection: 'paged', limit: 3 });
      const page2 = await users.list({ connection: 'paged', limit: 3, offset: 3 });
      assert.equal(page1.length, 3);
      assert.equal(page2.length, 2);
      assert.equal(new Set([...page1, ...page2].map((u) => u.user_id)).size, 5);
      assert.ok([...page1, ...page2].every((u) => u.connection === 'paged'));
    });
  });
}
