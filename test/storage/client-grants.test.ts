import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { GatehouseError } from '../../src/errors/index.ts';
import { createClientGrantQueries, createClientQueries, createSecretBox, createTenantQueries, type Database } from '../../src/storage/index.ts';
import { dialects } from '../helpers/dialects.ts';

const box = createSecretBox(randomBytes(32));

for (const dialect of await dialects()) {
  describe(`client grants on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: Database;
    before(async () => { database = await dialect.openMigrated(); });
    after(async () => { await database?.close(); });

    test('create, findFor, list, updateScopes, remove; one grant per client and audience', async () => {
      const tenantId = (await createTenantQueries(database).create({ name: 'cg-a' })).id;
      const client = await createClientQueries(database, box, tenantId).create({ name: 'm2m', app_type: 'non_interactive' });
      const grants = createClientGrantQueries(database, tenantId);
      const g = await grants.create({ client_id: client.client_id, audience: 'https://api', scopes: ['read'] });
      assert.match(g.id, /^cgr_/);
      assert.deepEqual((await grants.findFor(client.client_id, 'https://api'))?.scopes, ['read']);
      await assert.rejects(grants.create({ client_id: client.client_id, audience: 'https://api' }),
        (err: unknown) => err instanceof GatehouseError && err.code === 'MGMT_CONFLICT');
      assert.deepEqual((await grants.updateScopes(g.id, ['read', 'write']))?.scopes, ['read', 'write']);
      assert.equal((await grants.list({ audience: 'https://api' })).length, 1);
      assert.equal((await grants.list({ client_id: 'other' })).length, 0);
      assert.equal(await grants.remove(g.id), true);
      assert.equal(await grants.findFor(client.client_id, 'https://api'), undefined);
    });

    test('a grant cannot name another tenant\'s client, and is invisible there', async () => {
      const a = (await createTenantQueries(database).create({ name: 'cg-b' })).id;
      const b = (await createTenantQueries(database).create({ name: 'cg-c' })).id;
      const client = await createClientQueries(database, box, a).create({ name: 'm2m', app_type: 'non_interactive' });
      await assert.rejects(createClientGrantQueries(database, b).create({ client_id: client.client_id, audience: 'https://api' }));
      await createClientGrantQueries(database, a).create({ client_id: client.client_id, audience: 'https://api' });
      assert.equal(await createClientGrantQueries(database, b).findFor(client.client_id, 'https://api'), undefined);
    });
  });
}
