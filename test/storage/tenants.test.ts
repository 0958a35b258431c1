import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../src/storage/database.ts';
import { createTenantQueries, normalizeHost } from '../../src/storage/tenants.ts';
import { isGatehouseError } from '../../src/errors/index.ts';
import { dialects } from '../helpers/dialects.ts';

describe('normalizeHost', () => {
  test('lowercases, drops the port and a trailing dot, keeps IPv6 brackets', () => {
    assert.equal(normalizeHost('Login.Example.COM:8443'), 'login.example.com');
    assert.equal(normalizeHost('login.example.com.'), 'login.example.com');
    assert.equal(normalizeHost('[::1]:3000'), '[::1]');
    assert.equal(normalizeHost('localhost'), 'localhost');
  });
});

for (const dialect of await dialects()) {
  describe(`tenants on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: Database;
    before(async () => { database = await dialect.openMigrated(); });
    after(async () => { await database?.close(); });

    test('create, find by id/name/hostname, list', async () => {
      const tenants = createTenantQueries(database);
      const acme = await tenants.create({ name: 'acme', hostnames: ['Acme.Example:3000', 'login.acme.test'] });
      assert.match(acme.id, /^ten_/);
      assert.deepEqual(acme.hostnames, ['acme.example', 'login.acme.test']);
      const globex = await tenants.create({ name: 'globex' });

      assert.deepEqual(await tenants.findById(acme.id), acme);
      assert.deepEqual(await tenants.findByName('acme'), acme);
      assert.deepEqual(await tenants.findByHostname('ACME.example:443'), acme);
      assert.equal(await tenants.findByHostname('unknown.example'), undefined);
      assert.equal(await tenants.findByName('nope'), undefined);
      assert.deepEqual((await tenants.list()).map((t) => t.name), ['acme', 'globex']);
      assert.deepEqual(globex.hostnames, []);
    });

    test('names and hostnames are unique; a clash leaves nothing behind', async () => {
      const tenants = createTenantQueries(database);
      const t = await tenants.create({ name: 'initech', hostnames: ['initech.example'] });
      await assert.rejects(tenants.create({ name: 'initech' }), (err) => isGatehouseError(err) && err.code === 'TENANT_EXISTS');
      await assert.rejects(tenants.create({ name: 'other', hostnames: ['initech.example'] }),
        (err) => isGatehouseError(err) && err.code === 'MGMT_CONFLICT');
      assert.equal(await tenants.findByName('other'), undefined, 'the tenant insert was rolled back with its hostname');
      await assert.rejects(tenants.addHostname(t.id, 'INITECH.example'), (err) => isGatehouseError(err) && err.code === 'MGMT_CONFLICT');
    });

    test('addHostname / removeHostname', async () => {
      const tenants = createTenantQueries(database);
      const t = await tenants.create({ name: 'hooli' });
      await tenants.addHostname(t.id, 'Hooli.Example:80');
      assert.equal((await tenants.findByHostname('hooli.example'))?.id, t.id);
      assert.equal(await tenants.removeHostname(t.id, 'hooli.example'), true);
      assert.equal(await tenants.findByHostname('hooli.example'), undefined);
      assert.equal(await tenants.removeHostname(t.id, 'hooli.example'), false);
    });

    test('remove deletes the tenant and its hostnames', async () => {
      const tenants = createTenantQueries(database);
      const t = await tenants.create({ name: 'umbrella', hostnames: ['umbrella.example'] });
      assert.equal(await tenants.remove(t.id), true);
      assert.equal(await tenants.findById(t.id), undefined);
      assert.equal(await tenants.findByHostname('umbrella.example'), undefined);
      assert.equal(await tenants.remove(t.id), false);
    });
  });
}
