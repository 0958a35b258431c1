import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  createClientQueries, createRefreshTokenQueries, createSecretBox, createTenantQueries, createUserQueries, type Database,
} from '../../src/storage/index.ts';
import { dialects } from '../helpers/dialects.ts';

const box = createSecretBox(randomBytes(32));

for (const dialect of await dialects()) {
  describe(`refresh tokens on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: Database;
    before(async () => { database = await dialect.openMigrated(); });
    after(async () => { await database?.close(); });

    async function tenantWithUser(name: string) {
      const tenantId = (await createTenantQueries(database).create({ name })).id;
      const client = await createClientQueries(database, box, tenantId).create({ name: 'app', app_type: 'regular_web', client_id: 'c1' });
      const user = await createUserQueries(database, tenantId).create({ connection: 'db', email: 'u@example.com', user_id: 'auth0|u1' });
      return { tenantId, clientId: client.client_id, userId: user.user_id };
    }
    const token = (t: { clientId: string; userId: string }, hash: string, family: string, generation = 0, codeHash: string | null = null) => ({
      token_hash: hash, family_id: family, generation, client_id: t.clientId, user_id: t.userId, scope: 'openid offline_access',
      audience: null, sid: null, auth_time: new Date().toISOString(), code_hash: codeHash, expires_at: new Date(Date.now() + 60_000).toISOString(),
    });

    test('markRotated succeeds once; revokeFamily revokes every generation; revokeIssuedFromCode finds the family', async () => {
      const t = await tenantWithUser('rt-a');
      const tokens = createRefreshTokenQueries(database, t.tenantId);
      await tokens.create(token(t, 'h0', 'fam', 0, 'code-hash'));
      await tokens.create(token(t, 'h1', 'fam', 1));
      await tokens.create(token(t, 'other', 'fam2', 0));
      assert.equal(await tokens.markRotated('h0'), true);
      assert.equal(await tokens.markRotated('h0'), false, 'a second rotation is reuse');
      assert.equal((await tokens.find('h1'))?.generation, 1);

      assert.equal(await tokens.revokeIssuedFromCode('code-hash'), 2);
      assert.ok((await tokens.listFamily('fam')).every((r) => r.revoked_at !== null));
      assert.equal((await tokens.find('other'))?.revoked_at, null, 'other families untouched');
      assert.equal(await tokens.markRotated('h1'), false, 'revoked tokens cannot rotate');
      assert.equal(await tokens.revokeIssuedFromCode('no-such-code'), 0);
    });

    test("one tenant cannot see or revoke another's tokens", async () => {
      const a = await tenantWithUser('rt-b');
      const b = await tenantWithUser('rt-c');
      await createRefreshTokenQueries(database, a.tenantId).create(token(a, 'same-hash', 'same-fam'));
      const fromB = createRefreshTokenQueries(database, b.tenantId);
      assert.equal(await fromB.find('same-hash'), undefined);
      assert.equal(await fromB.revokeFamily('same-fam'), 0);
      assert.equal(await fromB.markRotated('same-hash'), false);
      assert.equal((await createRefreshTokenQueries(database, a.tenantId).find('same-hash'))?.revoked_at, null);
    });

    test('deleting the user removes their tokens (cascade)', async () => {
      const t = await tenantWithUser('rt-d');
      const tokens = createRefreshTokenQueries(database, t.tenantId);
      await tokens.create(token(t, 'gone', 'f'));
      await createUserQueries(database, t.tenantId).remove(t.userId);
      assert.equal(await tokens.find('gone'), undefined);
    });
  });
}
