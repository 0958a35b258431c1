// Rows of tenant A must be invisible and unmodifiable through tenant B's queries, for every
// tenant-owned table; and every statement a query module sends must name its tenant.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { KyselyPlugin, PluginTransformQueryArgs, RootOperationNode, QueryId } from 'kysely';
import type { Database } from '../../src/storage/database.ts';
import { createClientQueries } from '../../src/storage/clients.ts';
import { createConnectionQueries } from '../../src/storage/connections.ts';
import { createExecutionLogQueries } from '../../src/storage/execution-logs.ts';
import { createResourceServerQueries } from '../../src/storage/resource-servers.ts';
import { createSecretBox } from '../../src/storage/secret-box.ts';
import { createSecretQueries } from '../../src/storage/secrets.ts';
import { createSigningKeyQueries } from '../../src/storage/signing-keys.ts';
import { createTenantQueries } from '../../src/storage/tenants.ts';
import { createIdentityQueries } from '../../src/storage/user-identities.ts';
import { createUserQueries } from '../../src/storage/users.ts';
import { dialects } from '../helpers/dialects.ts';

const box = createSecretBox(randomBytes(32));

/** Records every statement sent through the Kysely instance. */
function spy(database: Database): { database: Database; statements: { sql: string; parameters: readonly unknown[] }[] } {
  const nodes: { node: RootOperationNode; queryId: QueryId }[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: (args: PluginTransformQueryArgs) => { nodes.push(args); return args.node; },
    transformResult: async (args) => args.result,
  };
  const db = database.db.withPlugin(plugin);
  return {
    database: { ...database, db },
    get statements() {
      return nodes.map(({ node, queryId }) => db.getExecutor().compileQuery(node, queryId));
    },
  };
}

/** A full CRUD round through every tenant-owned module; returns what it created. */
async function exercise(database: Database, tenantId: string, tag: string) {
  const clients = createClientQueries(database, box, tenantId);
  const client = await clients.create({ name: `app-${tag}`, app_type: 'regular_web', client_id: 'same-client-id' });
  await clients.update(client.client_id, { name: `app-${tag}-2` });
  await clients.rotateSecret(client.client_id);
  await clients.list();

  const apis = createResourceServerQueries(database, tenantId);
  const api = await apis.create({ identifier: 'https://api.shared', id: 'rs_same' });
  await apis.update(api.id, { name: `api-${tag}` });
  await apis.findByIdentifier('https://api.shared');
  await apis.list();

  const connections = createConnectionQueries(database, box, tenantId);
  const connection = await connections.create({ name: 'shared-db', id: 'con_same', configuration: { K: tag }, custom_scripts: { login: 'a' } });
  await connections.update(connection.id, { custom_scripts: { login: `b-${tag}` } });
  await connections.findByName('shared-db');
  await connections.listScriptVersions(connection.id);
  await connections.list();

  const users = createUserQueries(database, tenantId);
  const user = await users.create({ connection: 'shared-db', email: 'same@example.com', user_id: 'auth0|same' });
  await users.update(user.user_id, { name: tag });
  await users.recordLogin(user.user_id, '192.0.2.1');
  await users.setPasswordHash(user.user_id, `hash-${tag}`);
  await users.findByEmail('shared-db', 'same@example.com');
  await users.list();
  await users.count();

  const identities = createIdentityQueries(database, box, tenantId);
  const identityKey = { provider: 'auth0', connection: 'shared-db', identity_user_id: 'same' };
  await identities.add(user.user_id, { ...identityKey, access_token: `at-${tag}` });
  await identities.setTokens(identityKey, { refresh_token: `rt-${tag}` });
  await identities.listForUser(user.user_id);
  await identities.find(identityKey);

  const keys = createSigningKeyQueries(database, box, tenantId);
  await keys.create({ kid: 'kid-same', alg: 'RS256', status: 'current', private_jwk: { d: tag }, public_jwk: { kty: 'RSA' } });
  await keys.create({ kid: 'kid-next', alg: 'RS256', status: 'next', private_jwk: { d: tag }, public_jwk: { kty: 'RSA' } });
  await keys.rotate();
  await keys.setStatus('kid-same', 'previous');
  await keys.publicKeys();
  await keys.list();

  const secrets = createSecretQueries(database, box, tenantId);
  await secrets.set('action', 'act_same', 'NAME', `value-${tag}`);
  await secrets.get('action', 'act_same', 'NAME');
  await secrets.list('action', 'act_same');
  await secrets.listNames('action', 'act_same');

  const logs = createExecutionLogQueries(database, tenantId);
  await logs.insert({ id: 'log_same', type: 'action:post-login', code_id: 'act_same', outcome: 'ok', duration_ms: 1 });
  await logs.list();
  await logs.find('log_same');

  return { client, api, connection, user, identityKey };
}

for (const dialect of await dialects()) {
  describe(`tenancy isolation on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: Database;
    let a: string;
    let b: string;
    let created: Awaited<ReturnType<typeof exercise>>;
    let statements: { sql: string; parameters: readonly unknown[] }[];

    before(async () => {
      database = await dialect.openMigrated();
      const tenants = createTenantQueries(database);
      a = (await tenants.create({ name: 'tenant-a', hostnames: ['a.example'] })).id;
      b = (await tenants.create({ name: 'tenant-b', hostnames: ['b.example'] })).id;
      created = await exercise(database, a, 'A');
      // Tenant B uses the very same ids and natural keys: per-tenant uniqueness must allow it.
      const watched = spy(database);
      await exercise(watched.database, b, 'B');
      statements = watched.statements;
    });
    after(async () => { await database?.close(); });

    test('every statement of tenant B\'s queries is bound to tenant B', () => {
      assert.ok(statements.length > 40);
      for (const s of statements) {
        if (/^(begin|commit|rollback)/i.test(s.sql)) continue;
        assert.ok(s.parameters.includes(b), `statement does not carry tenant B: ${s.sql}`);
        assert.ok(!s.parameters.includes(a), `statement carries tenant A: ${s.sql}`);
        if (/^(select|update|delete)/i.test(s.sql)) assert.match(s.sql, /"tenant_id" = /, s.sql);
      }
    });

    test('hostnames resolve to their own tenant', async () => {
      const tenants = createTenantQueries(database);
      assert.equal((await tenants.findByHostname('a.example'))?.id, a);
      assert.equal((await tenants.findByHostname('b.example'))?.id, b);
    });

    test('clients', async () => {
      const asB = createClientQueries(database, box, b);
      const asA = createClientQueries(database, box, a);
      const before = await asA.find(created.client.client_id);
      await asB.remove(created.client.client_id);
      assert.equal(await asB.find(created.client.client_id), undefined);
      assert.ok((await asB.list()).every((c) => c.tenant_id === b));
      assert.deepEqual(await asA.find(created.client.client_id), before);
      assert.equal(before?.name, 'app-A-2');
    });

    test('resource servers', async () => {
      const asA = createResourceServerQueries(database, a);
      const asB = createResourceServerQueries(database, b);
      assert.equal((await asA.find('rs_same'))?.name, 'api-A');
      assert.equal((await asB.find('rs_same'))?.name, 'api-B');
      assert.equal(await asB.remove('rs_same'), true);
      assert.equal(await asB.remove('rs_same'), false);
      assert.equal(await asB.update('rs_same', { name: 'hijack' }), undefined);
      assert.equal((await asA.find('rs_same'))?.name, 'api-A');
      assert.equal((await asA.list()).length, 1);
    });

    test('connections and their script versions', async () => {
      const asA = createConnectionQueries(database, box, a);
      const asB = createConnectionQueries(database, box, b);
      assert.deepEqual((await asA.find('con_same'))?.configuration, { K: 'A' });
      assert.deepEqual((await asB.find('con_same'))?.configuration, { K: 'B' });
      assert.deepEqual((await asA.listScriptVersions('con_same')).map((v) => v.custom_scripts), [{ login: 'a' }]);
      await asB.remove('con_same');
      assert.equal(await asB.update('con_same', { configuration: { K: 'hijack' } }), undefined);
      assert.deepEqual((await asA.find('con_same'))?.custom_scripts, { login: 'b-A' });
      assert.deepEqual((await asA.find('con_same'))?.configuration, { K: 'A' });
      assert.equal((await asA.listScriptVersions('con_same')).length, 1);
    });

    test('users and identities', async () => {
      const asA = createUserQueries(database, a);
      const asB = createUserQueries(database, b);
      assert.equal((await asA.find('auth0|same'))?.name, 'A');
      assert.equal((await asA.find('auth0|same'))?.password_hash, 'hash-A');
      assert.equal((await asA.find('auth0|same'))?.logins_count, 1);
      const idsA = createIdentityQueries(database, box, a);
      const idsB = createIdentityQueries(database, box, b);
      assert.equal((await idsA.find(created.identityKey))?.access_token, 'at-A');
      await idsB.remove(created.identityKey);
      await asB.remove('auth0|same');
      assert.equal(await asB.find('auth0|same'), undefined);
      assert.equal(await asB.update('auth0|same', { blocked: true }), undefined);
      assert.equal(await asB.setPasswordHash('auth0|same', 'x'), false);
      assert.equal(await asB.recordLogin('auth0|same', null), undefined);
      assert.equal(await asB.count(), 0);
      // Tenant B cannot hang an identity on tenant A's user: the composite foreign key refuses it.
      await assert.rejects(idsB.add('auth0|same', { provider: 'x', connection: 'y', identity_user_id: 'z' }));
      const userA = await asA.find('auth0|same');
      assert.equal(userA?.blocked, false);
      assert.equal(userA?.password_hash, 'hash-A');
      assert.equal((await idsA.find(created.identityKey))?.refresh_token, 'rt-A');
    });

    test('signing keys', async () => {
      const asA = createSigningKeyQueries(database, box, a);
      const asB = createSigningKeyQueries(database, box, b);
      const statusA = (await asA.list()).map((k) => [k.kid, k.status]);
      await asB.create({ kid: 'kid-b-next', alg: 'RS256', status: 'next', private_jwk: {}, public_jwk: {} });
      await asB.rotate();
      await asB.setStatus('kid-same', 'revoked');
      await asB.remove('kid-next');
      assert.deepEqual((await asA.list()).map((k) => [k.kid, k.status]), statusA);
      assert.deepEqual((await asA.find('kid-same'))?.private_jwk, { d: 'A' });
    });

    test('secrets', async () => {
      const asA = createSecretQueries(database, box, a);
      const asB = createSecretQueries(database, box, b);
      assert.equal(await asB.get('action', 'act_same', 'NAME'), 'value-B');
      await asB.set('action', 'act_same', 'NAME', 'overwritten by B');
      await asB.removeAll('action', 'act_same');
      assert.equal(await asA.get('action', 'act_same', 'NAME'), 'value-A');
    });

    test('execution logs', async () => {
      const asA = createExecutionLogQueries(database, a);
      const asB = createExecutionLogQueries(database, b);
      await asB.deleteOlderThan('9999-01-01T00:00:00.000Z');
      assert.equal(await asB.find('log_same'), undefined);
      assert.ok(await asA.find('log_same'));
      assert.equal((await asA.list()).length, 1);
    });

    test('a sealed value copied into another tenant\'s row does not open there', async () => {
      const { db } = database;
      const sealedA = await db.selectFrom('secrets').select('value_enc').where('tenant_id', '=', a).executeTakeFirstOrThrow();
      await createSecretQueries(database, box, b).set('action', 'act_copy', 'NAME', 'placeholder');
      await db.updateTable('secrets').set({ value_enc: sealedA.value_enc })
        .where('tenant_id', '=', b).where('owner_id', '=', 'act_copy').execute();
      await assert.rejects(createSecretQueries(database, box, b).get('action', 'act_copy', 'NAME'));
    });
  });
}
