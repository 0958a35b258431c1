import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createTenant, ensureDemoTenant, DEFAULT_CONNECTION } from '../../../src/flows/tenants/index.ts';
import { createClientQueries, createConnectionQueries, createSecretBox, createTenantQueries, type Database, type SecretBox } from '../../../src/storage/index.ts';
import { GatehouseError } from '../../../src/errors/index.ts';
import { dialects } from '../../helpers/dialects.ts';

for (const dialect of await dialects()) {
  describe(`tenant creation on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: Database;
    const box: SecretBox = createSecretBox(randomBytes(32));
    before(async () => { database = await dialect.openMigrated(); });
    after(async () => { await database?.close(); });

    test('creates the tenant, a regular web app with a sealed secret and the native connection enabled for it', async () => {
      const { tenant, application, connection } = await createTenant({ database, box }, { name: 'acme', port: 4000 });
      assert.deepEqual(tenant.hostnames, ['acme.localhost']);
      assert.equal(application.app_type, 'regular_web');
      assert.deepEqual(application.redirect_uris, ['http://acme.localhost:4000/callback']);
      assert.ok(application.client_secret && application.client_secret.length >= 32);
      assert.equal(connection.name, DEFAULT_CONNECTION);
      assert.equal(connection.strategy, 'auth0');
      assert.deepEqual(connection.enabled_clients, [application.client_id]);

      const stored = await createClientQueries(database, box, tenant.id).find(application.client_id);
      assert.equal(stored?.client_secret, application.client_secret, 'the secret opens again with the key');
      const raw = await database.db.selectFrom('clients').select('client_secret_enc').where('client_id', '=', application.client_id).executeTakeFirstOrThrow();
      assert.ok(raw.client_secret_enc && !raw.client_secret_enc.includes(application.client_secret!), 'no plaintext at rest');
      assert.ok((await createConnectionQueries(database, box, tenant.id).findByName(DEFAULT_CONNECTION)));
    });

    test('rejects bad names and hostnames as TENANT_INVALID, creating nothing', async () => {
      for (const input of [{ name: 'Upper' }, { name: '-dash' }, { name: 'ok1', hostnames: ['https://x.test'] }, { name: 'ok2', hostnames: ['x.test:80'] }]) {
        await assert.rejects(createTenant({ database, box }, input), (err: unknown) => err instanceof GatehouseError && err.code === 'TENANT_INVALID');
      }
      assert.equal(await createTenantQueries(database).findByName('ok1'), undefined);
    });

    test('a failure part-way removes the tenant again', async () => {
      const broken: SecretBox = { seal: () => { throw new Error('sealing failed'); }, open: box.open };
      await assert.rejects(createTenant({ database, box: broken }, { name: 'halfway' }), /sealing failed/);
      assert.equal(await createTenantQueries(database).findByName('halfway'), undefined);
      assert.equal(await createTenantQueries(database).findByHostname('halfway.localhost'), undefined);
    });

    test('ensureDemoTenant creates demo on localhost once; later and concurrent calls do nothing', async () => {
      const results = await Promise.all([ensureDemoTenant({ database, box }), ensureDemoTenant({ database, box })]);
      assert.equal(results.filter(Boolean).length, 1, 'exactly one call created it');
      const demo = await createTenantQueries(database).findByHostname('localhost:3000');
      assert.equal(demo?.name, 'demo');
      assert.ok((await createTenantQueries(database).findByHostname('127.0.0.1'))?.name === 'demo');
      assert.equal(await ensureDemoTenant({ database, box }), undefined);
      const apps = (await createClientQueries(database, box, demo!.id).list()).filter((c) => c.name === 'Demo Application');
      assert.equal(apps.length, 1, 'one demo application, not two');
    });
  });
}
