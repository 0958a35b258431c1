import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../src/storage/database.ts';
import { createSecretBox } from '../../src/storage/secret-box.ts';
import { createTenantQueries } from '../../src/storage/tenants.ts';
import { createIdentityQueries } from '../../src/storage/user-identities.ts';
import { createUserQueries } from '../../src/storage/users.ts';
import { isGatehouseError } from '../../src/errors/index.ts';
import { dialects } from '../helpers/dialects.ts';

for (const dialect of await dialects()) {
  describe(`user identities on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: Database;
    let tenantId: string;
    const box = createSecretBox(randomBytes(32));
    before(async () => {
      database = await dialect.openMigrated();
      tenantId = (await createTenantQueries(database).create({ name: 'acme' })).id;
    });
    after(async () => { await database?.close(); });

    test('add, list for user, find by provider identity, tokens decrypted', async () => {
      const user = await createUserQueries(database, tenantId).create({ connection: 'legacy', user_id: 'auth0|legacy|7' });
      const ids = createIdentityQueries(database, box, tenantId);
      const key = { provider: 'auth0', connection: 'legacy', identity_user_id: 'legacy|7' };
      const added = await ids.add(user.user_id, { ...key, profile_data: { favourite: 'blue' }, access_token: 'at-123', refresh_token: 'rt-456' });
      assert.equal(added.access_token, 'at-123');
      assert.deepEqual(await ids.listForUser(user.user_id), [added]);
      assert.deepEqual(await ids.find(key), added);
      await assert.rejects(ids.add(user.user_id, key), (err) => isGatehouseError(err) && err.code === 'MGMT_CONFLICT');
    });

    test('setTokens replaces or clears tokens', async () => {
      const user = await createUserQueries(database, tenantId).create({ connection: 'social', user_id: 'google-oauth2|1' });
      const ids = createIdentityQueries(database, box, tenantId);
      const key = { provider: 'google-oauth2', connection: 'google', identity_user_id: '1' };
      await ids.add(user.user_id, { ...key, is_social: true, access_token: 'old' });
      assert.equal(await ids.setTokens(key, { access_token: 'new', refresh_token: 'r' }), true);
      assert.deepEqual([(await ids.find(key))?.access_token, (await ids.find(key))?.refresh_token], ['new', 'r']);
      await ids.setTokens(key, { refresh_token: null });
      assert.equal((await ids.find(key))?.refresh_token, null);
      assert.equal((await ids.find(key))?.access_token, 'new');
    });

    test('an identity cannot point at a user that does not exist; deleting the user deletes it', async () => {
      const ids = createIdentityQueries(database, box, tenantId);
      await assert.rejects(ids.add('auth0|nobody', { provider: 'auth0', connection: 'db', identity_user_id: 'nobody' }));
      const users = createUserQueries(database, tenantId);
      const u = await users.create({ connection: 'db', email: 'gone@example.com' });
      const key = { provider: 'auth0', connection: 'db', identity_user_id: u.user_id.slice(6) };
      await ids.add(u.user_id, key);
      await users.remove(u.user_id);
      assert.equal(await ids.find(key), undefined);
    });

    test('remove', async () => {
      const u = await createUserQueries(database, tenantId).create({ connection: 'db', email: 'rm@example.com' });
      const ids = createIdentityQueries(database, box, tenantId);
      const key = { provider: 'auth0', connection: 'db', identity_user_id: 'rm' };
      await ids.add(u.user_id, key);
      assert.equal(await ids.remove(key), true);
      assert.equal(await ids.remove(key), false);
      assert.deepEqual(await ids.listForUser(u.user_id), []);
    });
  });
}
