import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/storage/database.ts';
import { createClientQueries } from '../../src/storage/clients.ts';
import { createSecretBox } from '../../src/storage/secret-box.ts';
import { createTenantQueries } from '../../src/storage/tenants.ts';
import { isGatehouseError } from '../../src/errors/index.ts';
import { dialects } from '../helpers/dialects.ts';

for (const dialect of await dialects()) {
  describe(`clients on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: Database;
    let tenantId: string;
    const box = createSecretBox(randomBytes(32));
    before(async () => {
      database = await dialect.openMigrated();
      tenantId = (await createTenantQueries(database).create({ name: 'acme' })).id;
    });
    after(async () => { await database?.close(); });

    test('a regular web app gets an id, a secret and Auth0 default grants', async () => {
      const clients = createClientQueries(database, box, tenantId);
      const c = await clients.create({
        name: 'Web', app_type: 'regular_web', redirect_uris: ['https://app.example/cb'], client_metadata: { tier: 'gold' },
      });
      assert.match(c.client_id, /^[A-Za-z0-9]{32}$/);
      assert.ok(c.client_secret && c.client_secret.length >= 32);
      assert.equal(c.token_endpoint_auth_method, 'client_secret_post');
      assert.deepEqual(c.grant_types, ['authorization_code', 'implicit', 'refresh_token', 'client_credentials']);
      assert.equal(c.is_first_party, true);
      assert.deepEqual(await clients.find(c.client_id), c);
    });

    test('a SPA is public: no secret', async () => {
      const c = await createClientQueries(database, box, tenantId).create({ name: 'SPA', app_type: 'spa' });
      assert.equal(c.client_secret, null);
      assert.equal(c.token_endpoint_auth_method, 'none');
    });

    test('the secret is stored sealed, never in plaintext', async () => {
      const clients = createClientQueries(database, box, tenantId);
      const c = await clients.create({ name: 'M2M', app_type: 'non_interactive', client_secret: 'plain-secret-value-0123456789' });
      const raw = await (database.db as Kysely<any>).selectFrom('clients').selectAll().where('client_id', '=', c.client_id).executeTakeFirstOrThrow();
      assert.ok(!JSON.stringify(raw).includes('plain-secret-value'));
      assert.match(raw.client_secret_enc, /^v1:/);
      assert.equal((await clients.find(c.client_id))?.client_secret, 'plain-secret-value-0123456789');
    });

    test('update changes only the given fields; switching to public drops the secret', async () => {
      const clients = createClientQueries(database, box, tenantId);
      const c = await clients.create({ name: 'Old', app_type: 'regular_web', web_origins: ['https://a.example'] });
      const u = await clients.update(c.client_id, { name: 'New', redirect_uris: ['https://b.example/cb'] });
      assert.equal(u?.name, 'New');
      assert.deepEqual(u?.redirect_uris, ['https://b.example/cb']);
      assert.deepEqual(u?.web_origins, ['https://a.example']);
      assert.equal(u?.client_secret, c.client_secret);
      const pub = await clients.update(c.client_id, { token_endpoint_auth_method: 'none' });
      assert.equal(pub?.client_secret, null);
      const conf = await clients.update(c.client_id, { token_endpoint_auth_method: 'client_secret_basic' });
      assert.ok(conf?.client_secret);
      assert.equal(await clients.update('missing', { name: 'x' }), undefined);
    });

    test('rotateSecret replaces the secret', async () => {
      const clients = createClientQueries(database, box, tenantId);
      const c = await clients.create({ name: 'Rot', app_type: 'regular_web' });
      const r = await clients.rotateSecret(c.client_id);
      assert.ok(r?.client_secret);
      assert.notEqual(r?.client_secret, c.client_secret);
      assert.equal((await clients.rotateSecret(c.client_id, 'given-secret'))?.client_secret, 'given-secret');
      assert.equal(await clients.rotateSecret('missing'), undefined);
    });

    test('list, duplicate id, remove', async () => {
      const clients = createClientQueries(database, box, tenantId);
      const c = await clients.create({ name: 'Dup', app_type: 'spa', client_id: 'fixed-id' });
      await assert.rejects(clients.create({ name: 'Dup2', app_type: 'spa', client_id: 'fixed-id' }),
        (err) => isGatehouseError(err) && err.code === 'MGMT_CONFLICT');
      assert.ok((await clients.list()).some((x) => x.client_id === c.client_id));
      assert.equal(await clients.remove(c.client_id), true);
      assert.equal(await clients.find(c.client_id), undefined);
      assert.equal(await clients.remove(c.client_id), false);
    });

    test('a row whose JSON was damaged outside Gatehouse is STORAGE_CORRUPT', async () => {
      const clients = createClientQueries(database, box, tenantId);
      const c = await clients.create({ name: 'Damaged', app_type: 'spa' });
      await (database.db as Kysely<any>).updateTable('clients').set({ redirect_uris: '{"not":"an array"}' })
        .where('client_id', '=', c.client_id).execute();
      await assert.rejects(clients.find(c.client_id), (err) => isGatehouseError(err) && err.code === 'STORAGE_CORRUPT');
      await clients.remove(c.client_id);
    });
  });
}
