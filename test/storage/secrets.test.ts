import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../src/storage/database.ts';
import { createSecretBox } from '../../src/storage/secret-box.ts';
import { createSecretQueries } from '../../src/storage/secrets.ts';
import { createTenantQueries } from '../../src/storage/tenants.ts';
import { isGatehouseError } from '../../src/errors/index.ts';
import { dialects } from '../helpers/dialects.ts';

for (const dialect of await dialects()) {
  describe(`secrets on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: Database;
    let tenantId: string;
    const box = createSecretBox(randomBytes(32));
    before(async () => {
      database = await dialect.openMigrated();
      tenantId = (await createTenantQueries(database).create({ name: 'acme' })).id;
    });
    after(async () => { await database?.close(); });

    test('set, get, overwrite, list with values, names only', async () => {
      const secrets = createSecretQueries(database, box, tenantId);
      await secrets.set('action', 'act_1', 'API_KEY', 'one');
      await secrets.set('action', 'act_1', 'OTHER', 'two');
      await secrets.set('action', 'act_1', 'API_KEY', 'three');
      await secrets.set('action', 'act_2', 'API_KEY', 'separate');
      assert.equal(await secrets.get('action', 'act_1', 'API_KEY'), 'three');
      assert.equal(await secrets.get('action', 'act_1', 'MISSING'), undefined);
      assert.deepEqual((await secrets.list('action', 'act_1')).map((s) => [s.name, s.value]), [['API_KEY', 'three'], ['OTHER', 'two']]);
      const names = await secrets.listNames('action', 'act_1');
      assert.deepEqual(names.map((n) => n.name), ['API_KEY', 'OTHER']);
      assert.ok(names.every((n) => Object.keys(n).sort().join() === 'name,updated_at'));
      assert.equal(await secrets.get('action', 'act_2', 'API_KEY'), 'separate');
    });

    test('remove and removeAll', async () => {
      const secrets = createSecretQueries(database, box, tenantId);
      await secrets.set('module', 'mod_1', 'A', 'a');
      await secrets.set('module', 'mod_1', 'B', 'b');
      assert.equal(await secrets.remove('module', 'mod_1', 'A'), true);
      assert.equal(await secrets.remove('module', 'mod_1', 'A'), false);
      assert.equal(await secrets.removeAll('module', 'mod_1'), 1);
      assert.deepEqual(await secrets.list('module', 'mod_1'), []);
    });

    test('opening with another key is SECRET_KEY_INVALID', async () => {
      await createSecretQueries(database, box, tenantId).set('action', 'act_k', 'K', 'v');
      const wrong = createSecretQueries(database, createSecretBox(randomBytes(32)), tenantId);
      await assert.rejects(wrong.get('action', 'act_k', 'K'), (err) => isGatehouseError(err) && err.code === 'SECRET_KEY_INVALID');
    });
  });
}
