import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTenantQueries, createTicketQueries, createUserQueries, hashTicketToken, type Database } from '../../src/storage/index.ts';
import { dialects } from '../helpers/dialects.ts';

for (const dialect of await dialects()) {
  describe(`tickets on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: Database;
    let tenant: string;
    let userId: string;
    const future = () => new Date(Date.now() + 3600_000).toISOString();
    before(async () => {
      database = await dialect.openMigrated();
      tenant = (await createTenantQueries(database).create({ name: 't', hostnames: ['t.localhost'] })).id;
      userId = (await createUserQueries(database, tenant).create({ connection: 'db', email: 'u@example.com' })).user_id;
    });
    after(() => database?.close());

    test('only the token\'s hash is stored', async () => {
      const token = 'token-stored-as-hash-0123456789';
      const t = await createTicketQueries(database, tenant).create({ type: 'password_reset', token, user_id: userId, connection: 'db', expires_at: future() });
      assert.equal(t.id, hashTicketToken(token));
      const rows = await database.db.selectFrom('tickets').selectAll().execute();
      assert.ok(!JSON.stringify(rows).includes(token));
    });

    test('of concurrent uses exactly one wins; the type must match', async () => {
      const q = createTicketQueries(database, tenant);
      await q.create({ type: 'password_reset', token: 'race', user_id: userId, connection: 'db', expires_at: future() });
      assert.equal(await q.consume('email_verification', 'race'), undefined);
      const results = await Promise.all(Array.from({ length: 6 }, () => q.consume('password_reset', 'race')));
      assert.equal(results.filter(Boolean).length, 1);
      assert.equal(await q.findUsable('password_reset', 'race'), undefined);
    });

    test('an expired ticket cannot be found or used; revokeForUser drops unused ones', async () => {
      const q = createTicketQueries(database, tenant);
      await q.create({ type: 'email_verification', token: 'old', user_id: userId, connection: 'db', expires_at: new Date(Date.now() - 1000).toISOString() });
      assert.equal(await q.findUsable('email_verification', 'old'), undefined);
      assert.equal(await q.consume('email_verification', 'old'), undefined);
      await q.create({ type: 'email_verification', token: 'fresh', user_id: userId, connection: 'db', expires_at: future() });
      assert.ok(await q.findUsable('email_verification', 'fresh'));
      assert.equal(await q.revokeForUser(userId, 'email_verification'), 2);
      assert.equal(await q.findUsable('email_verification', 'fresh'), undefined);
    });
  });
}
