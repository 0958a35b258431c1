// Secrets at rest: written through the query modules, then every table is read back with
// plain SQL (and, on SQLite, the database files byte by byte): no plaintext anywhere.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../../src/storage/database.ts';
import { createClientQueries } from '../../src/storage/clients.ts';
import { createConnectionQueries } from '../../src/storage/connections.ts';
import { createSecretBox } from '../../src/storage/secret-box.ts';
import { createSecretQueries } from '../../src/storage/secrets.ts';
import { createSigningKeyQueries } from '../../src/storage/signing-keys.ts';
import { createTenantQueries } from '../../src/storage/tenants.ts';
import { createIdentityQueries } from '../../src/storage/user-identities.ts';
import { createUserQueries } from '../../src/storage/users.ts';
import { dialects } from '../helpers/dialects.ts';

// Distinct, unmistakable values: a hit in any dump means that secret leaked.
const plaintexts = {
  clientSecret: 'PLAINTEXT-client-secret-7f3a9c',
  configValue: 'PLAINTEXT-config-value-b1e2d4',
  actionSecret: 'PLAINTEXT-action-secret-55aa11',
  privateKey: 'PLAINTEXT-private-jwk-d-0c0ffee',
  accessToken: 'PLAINTEXT-idp-access-token-91',
  refreshToken: 'PLAINTEXT-idp-refresh-token-92',
};

const tables = [
  'tenants', 'tenant_hostnames', 'clients', 'resource_servers', 'connections', 'connection_script_versions',
  'users', 'user_identities', 'signing_keys', 'secrets', 'execution_logs',
];

for (const dialect of await dialects()) {
  describe(`secrets at rest on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: Database;
    const box = createSecretBox(randomBytes(32));

    before(async () => {
      database = await dialect.openMigrated();
      const tenantId = (await createTenantQueries(database).create({ name: 'acme' })).id;
      await createClientQueries(database, box, tenantId).create({ name: 'web', app_type: 'regular_web', client_secret: plaintexts.clientSecret });
      await createConnectionQueries(database, box, tenantId).create({ name: 'legacy', configuration: { DB_PASSWORD: plaintexts.configValue } });
      await createSecretQueries(database, box, tenantId).set('action', 'act_1', 'API_KEY', plaintexts.actionSecret);
      await createSigningKeyQueries(database, box, tenantId).create({
        kid: 'k1', alg: 'RS256', status: 'current', private_jwk: { kty: 'RSA', d: plaintexts.privateKey }, public_jwk: { kty: 'RSA' },
      });
      const user = await createUserQueries(database, tenantId).create({ connection: 'google', user_id: 'google-oauth2|1' });
      await createIdentityQueries(database, box, tenantId).add(user.user_id, {
        provider: 'google-oauth2', connection: 'google', identity_user_id: '1', is_social: true,
        access_token: plaintexts.accessToken, refresh_token: plaintexts.refreshToken,
      });
    });
    after(async () => { await database?.close(); });

    test('no table holds any secret in plaintext', async () => {
      let dump = '';
      for (const table of tables) {
        const { rows } = await sql`select * from ${sql.table(table)}`.execute(database.db);
        dump += JSON.stringify(rows);
      }
      assert.ok(dump.includes('v1:'), 'sealed values are present in the dump');
      for (const [what, value] of Object.entries(plaintexts)) assert.ok(!dump.includes(value), `${what} found in plaintext`);
    });

    test('the query modules still return the plaintext to their callers', async () => {
      const tenantId = (await createTenantQueries(database).findByName('acme'))!.id;
      assert.equal((await createClientQueries(database, box, tenantId).list())[0].client_secret, plaintexts.clientSecret);
      assert.equal((await createIdentityQueries(database, box, tenantId).listForUser('google-oauth2|1'))[0].refresh_token, plaintexts.refreshToken);
    });

    if (dialect.name === 'sqlite') {
      test('the SQLite files on disk (database and WAL) hold no plaintext', async () => {
        const { rows } = await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(database.db);
        const dir = join(rows[0].file, '..');
        let bytes = '';
        for (const name of await readdir(dir)) bytes += (await readFile(join(dir, name))).toString('latin1');
        assert.ok(bytes.includes('google-oauth2|1'), 'the scan sees the rows that were written');
        for (const [what, value] of Object.entries(plaintexts)) assert.ok(!bytes.includes(value), `${what} found on disk`);
      });
    }
  });
}
