import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { openDatabase, type Database } from '../../src/storage/database.ts';
import { migrate } from '../../src/storage/migrate.ts';
import { migrationProvider, type Migration, type MigrationProvider } from '../../src/storage/migrations/index.ts';
import { isGatehouseError } from '../../src/errors/index.ts';
import { createPostgresDatabase, dialects } from '../helpers/dialects.ts';

const expectedTables = [
  'clients', 'connection_script_versions', 'connections', 'execution_logs', 'resource_servers', 'secrets',
  'signing_keys', 'tenant_hostnames', 'tenants', 'user_identities', 'users',
];

async function tableNames(database: Database): Promise<string[]> {
  return (await database.db.introspection.getTables()).map((t) => t.name).sort();
}

async function appliedRows(database: Database): Promise<string[]> {
  const rows = await (database.db as Kysely<any>).selectFrom('gatehouse_migrations').select('name').orderBy('name').execute();
  return rows.map((r) => r.name as string);
}

// Later issues append their own migrations; the built-in list is whatever the provider holds.
const builtIn = Object.keys(await migrationProvider.getMigrations()).sort();

function provider(migrations: Record<string, Migration>): MigrationProvider {
  return { getMigrations: async () => migrations };
}

for (const dialect of await dialects()) {
  describe(`migrate on ${dialect.name}`, { skip: dialect.skip }, () => {
    test('creates every table once and is idempotent', async () => {
      const database = await dialect.open();
      try {
        const first = await migrate(database);
        assert.equal(builtIn[0], '001-initial');
        assert.deepEqual(first.applied, builtIn);
        const tables = await tableNames(database);
        for (const t of expectedTables) assert.ok(tables.includes(t), `table ${t} exists`);
        const second = await migrate(database);
        assert.deepEqual(second.applied, []);
        assert.deepEqual(await tableNames(database), tables);
        assert.deepEqual(await appliedRows(database), builtIn);
      } finally {
        await database.close();
      }
    });

    test('runs migrations in name order whatever order the provider lists them', async () => {
      const database = await dialect.open();
      const order: string[] = [];
      try {
        const result = await migrate(database, { provider: provider({
          '002-second': { up: async () => { order.push('002'); } },
          '001-first': { up: async () => { order.push('001'); } },
        }) });
        assert.deepEqual(order, ['001', '002']);
        assert.deepEqual(result.applied, ['001-first', '002-second']);
      } finally {
        await database.close();
      }
    });

    test('a failing migration leaves nothing of itself behind and is retried next start', async () => {
      const database = await dialect.open();
      try {
        const first: Migration = {
          up: async (db) => { await db.schema.createTable('kept').addColumn('id', 'text', (c) => c.primaryKey()).execute(); },
        };
        const broken: Migration = {
          up: async (db) => {
            await db.schema.createTable('half').addColumn('id', 'text', (c) => c.primaryKey()).execute();
            await db.insertInto('half').values({ id: 'x' }).execute();
            throw new Error('boom in the middle');
          },
        };
        await assert.rejects(migrate(database, { provider: provider({ '001-kept': first, '002-half': broken }) }), (err) => {
          assert.ok(isGatehouseError(err));
          assert.equal(err.code, 'STORAGE_MIGRATION_FAILED');
          assert.match(err.message, /migration 002-half failed: boom in the middle/);
          return true;
        });
        const tables = await tableNames(database);
        assert.ok(tables.includes('kept'));
        assert.ok(!tables.includes('half'), 'the failed migration created nothing');
        assert.deepEqual(await appliedRows(database), ['001-kept']);

        const fixed: Migration = {
          up: async (db) => { await db.schema.createTable('half').addColumn('id', 'text', (c) => c.primaryKey()).execute(); },
        };
        const retry = await migrate(database, { provider: provider({ '001-kept': first, '002-half': fixed }) });
        assert.deepEqual(retry.applied, ['002-half']);
      } finally {
        await database.close();
      }
    });

    test('refuses a database migrated by a newer version', async () => {
      const database = await dialect.open();
      try {
        await migrate(database);
        await (database.db as Kysely<any>).insertInto('gatehouse_migrations').values({ name: '999-future', applied_at: new Date().toISOString() }).execute();
        await assert.rejects(migrate(database), (err) => {
          assert.ok(isGatehouseError(err));
          assert.equal(err.code, 'STORAGE_MIGRATION_FAILED');
          assert.match(err.message, /newer Gatehouse.*999-future/);
          return true;
        });
      } finally {
        await database.close();
      }
    });
  });
}

const postgres = (await dialects()).find((d) => d.name === 'postgres');

describe('two nodes starting at once on one PostgreSQL', { skip: postgres?.skip }, () => {
  test('each migration runs exactly once', async () => {
    const fresh = await createPostgresDatabase();
    const nodes = await Promise.all([openDatabase(fresh.url), openDatabase(fresh.url), openDatabase(fresh.url)]);
    try {
      const calls = new Map<string, number>();
      const counting = (name: string): Migration => ({
        up: async (db) => {
          calls.set(name, (calls.get(name) ?? 0) + 1);
          await db.schema.createTable(`t_${name}`).addColumn('id', 'text', (c) => c.primaryKey()).execute();
          // Hold the transaction open so the other nodes really arrive while it runs.
          await sql`select pg_sleep(0.2)`.execute(db);
        },
      });
      const migrations = provider({ '001-a': counting('a'), '002-b': counting('b') });

      const results = await Promise.all(nodes.map((n) => migrate(n, { provider: migrations })));

      assert.deepEqual([...calls.entries()].sort(), [['a', 1], ['b', 1]]);
      assert.deepEqual(results.flatMap((r) => r.applied).sort(), ['001-a', '002-b']);
      assert.deepEqual(await appliedRows(nodes[0]), ['001-a', '002-b']);
    } finally {
      await Promise.all(nodes.map((n) => n.close()));
      await fresh.drop();
    }
  });

  test('the built-in migrations started concurrently apply once', async () => {
    const fresh = await createPostgresDatabase();
    const nodes = await Promise.all([openDatabase(fresh.url), openDatabase(fresh.url)]);
    try {
      const results = await Promise.all(nodes.map((n) => migrate(n)));
      assert.deepEqual(results.flatMap((r) => r.applied).sort(), builtIn);
      assert.deepEqual(await appliedRows(nodes[1]), builtIn);
    } finally {
      await Promise.all(nodes.map((n) => n.close()));
      await fresh.drop();
    }
  });
});
