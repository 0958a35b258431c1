import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../src/storage/database.ts';
import { createResourceServerQueries } from '../../src/storage/resource-servers.ts';
import { createTenantQueries } from '../../src/storage/tenants.ts';
import { isGatehouseError } from '../../src/errors/index.ts';
import { dialects } from '../helpers/dialects.ts';

for (const dialect of await dialects()) {
  describe(`resource servers on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: Database;
    let tenantId: string;
    before(async () => {
      database = await dialect.openMigrated();
      tenantId = (await createTenantQueries(database).create({ name: 'acme' })).id;
    });
    after(async () => { await database?.close(); });

    test('create with Auth0 defaults, find by id and identifier', async () => {
      const apis = createResourceServerQueries(database, tenantId);
      const api = await apis.create({ identifier: 'https://api.example', scopes: [{ value: 'read:things', description: 'Read' }] });
      assert.match(api.id, /^rs_/);
      assert.equal(api.name, 'https://api.example');
      assert.equal(api.signing_alg, 'RS256');
      assert.equal(api.token_lifetime, 86400);
      assert.equal(api.enforce_policies, false);
      assert.equal(api.skip_consent_for_verifiable_first_party_clients, true);
      assert.deepEqual(api.scopes, [{ value: 'read:things', description: 'Read' }]);
      assert.deepEqual(await apis.find(api.id), api);
      assert.deepEqual(await apis.findByIdentifier('https://api.example'), api);
      assert.equal(await apis.findByIdentifier('https://other.example'), undefined);
    });

    test('identifier is unique per tenant', async () => {
      const apis = createResourceServerQueries(database, tenantId);
      await apis.create({ identifier: 'urn:dup' });
      await assert.rejects(apis.create({ identifier: 'urn:dup' }), (err) => isGatehouseError(err) && err.code === 'MGMT_CONFLICT');
    });

    test('update, list, remove', async () => {
      const apis = createResourceServerQueries(database, tenantId);
      const api = await apis.create({ identifier: 'urn:upd', name: 'Before' });
      const u = await apis.update(api.id, { name: 'After', enforce_policies: true, token_lifetime: 600, allow_offline_access: true });
      assert.equal(u?.name, 'After');
      assert.equal(u?.enforce_policies, true);
      assert.equal(u?.token_lifetime, 600);
      assert.equal(u?.allow_offline_access, true);
      assert.equal(u?.identifier, 'urn:upd');
      assert.ok((await apis.list()).some((a) => a.id === api.id));
      assert.equal(await apis.remove(api.id), true);
      assert.equal(await apis.find(api.id), undefined);
      assert.equal(await apis.update(api.id, { name: 'x' }), undefined);
    });
  });
}
