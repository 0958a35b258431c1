import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { inTransaction, openDatabase, redactUrl } from '../../src/storage/database.ts';
import { createConnectionQueries } from '../../src/storage/connections.ts';
import { createSecretBox } from '../../src/storage/secret-box.ts';
import { createTenantQueries } from '../../src/storage/tenants.ts';
import { createUserQueries } from '../../src/storage/users.ts';
import { randomBytes } from 'node:crypto';
import { isGatehouseError } from '../../src/errors/index.ts';
import { dialects, pgAdminUrl } from '../helpers/dialects.ts';

const postgres = (await dialects()).find((d) => d.name === 'postgres');

for (const dialect of await dialects()) {
  describe(`database on ${dialect.name}`, { skip: dialect.skip }, () => {
    test('opens, runs a query and reports its dialect', async () => {
      const database = await dialect.open();
      try {
        assert.equal(database.dialect, dialect.name);
        const { rows } = await sql<{ n: number }>`select 1 + 1 as n`.execute(database.db);
        assert.equal(Number(rows[0].n), 2);
      } finally {
        await database.close();
      }
    });

    test('inTransaction: calls of several modules commit together or not at all', async () => {
      const database = await dialect.openMigrated();
      try {
        const box = createSecretBox(randomBytes(32));
        const tenantId = (await createTenantQueries(database).create({ name: 'acme' })).id;
        const connection = await createConnectionQueries(database, box, tenantId).create({ name: 'db', custom_scripts: { login: 'a' } });
        await assert.rejects(inTransaction(database, async (tx) => {
          await createUserQueries(tx, tenantId).create({ connection: 'db', email: 'rolled@example.com' });
          // connections.update opens its own transaction; inside ours it must join it.
          await createConnectionQueries(tx, box, tenantId).update(connection.id, { custom_scripts: { login: 'b' } });
          throw new Error('abort');
        }), /abort/);
        assert.equal(await createUserQueries(database, tenantId).findByEmail('db', 'rolled@example.com'), undefined);
        assert.equal((await createConnectionQueries(database, box, tenantId).find(connection.id))?.scripts_version, 1);

        await inTransaction(database, async (tx) => {
          await createUserQueries(tx, tenantId).create({ connection: 'db', email: 'kept@example.com' });
          await createConnectionQueries(tx, box, tenantId).update(connection.id, { custom_scripts: { login: 'c' } });
        });
        assert.ok(await createUserQueries(database, tenantId).findByEmail('db', 'kept@example.com'));
        assert.equal((await createConnectionQueries(database, box, tenantId).find(connection.id))?.scripts_version, 2);
      } finally {
        await database.close();
      }
    });

    test('close() twice is harmless', async () => {
      const database = await dialect.open();
      await database.close();
      await database.close();
    });
  });
}

describe('sqlite files', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'gh-db-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  test('creates missing parent folders and turns on WAL and foreign keys', async () => {
    const database = await openDatabase(`sqlite:${join(dir, 'a', 'b', 'gh.db')}`);
    try {
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(database.db);
      assert.equal(mode.rows[0].journal_mode, 'wal');
      const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(database.db);
      assert.equal(fk.rows[0].foreign_keys, 1);
      const busy = await sql<{ timeout: number }>`pragma busy_timeout`.execute(database.db);
      assert.ok(busy.rows[0].timeout > 0);
    } finally {
      await database.close();
    }
  });

  test('sqlite::memory: opens an in-memory database', async () => {
    const database = await openDatabase('sqlite::memory:');
    assert.equal(database.url, 'sqlite::memory:');
    await database.close();
  });

  test('a file of garbage bytes is STORAGE_CORRUPT naming the path', async () => {
    const file = join(dir, 'garbage.db');
    await writeFile(file, Buffer.from('this is certainly not a database file '.repeat(200)));
    await assert.rejects(openDatabase(`sqlite:${file}`), (err) => {
      assert.ok(isGatehouseError(err));
      assert.equal(err.code, 'STORAGE_CORRUPT');
      assert.match(err.message, /garbage\.db is not a usable SQLite database: /);
      return true;
    });
  });

  test('a path below a regular file (unwritable) is STORAGE_CORRUPT', async () => {
    const file = join(dir, 'plain-file');
    await writeFile(file, 'x');
    await assert.rejects(openDatabase(`sqlite:${join(file, 'sub', 'gh.db')}`), (err) => {
      assert.ok(isGatehouseError(err));
      assert.equal(err.code, 'STORAGE_CORRUPT');
      assert.match(err.message, /plain-file.*is not a usable SQLite database/);
      return true;
    });
  });
});

describe('postgres failures', () => {
  test('unreachable server: STORAGE_UNREACHABLE names host and port, never the password', async () => {
    const password = 'hunter2-very-secret';
    await assert.rejects(openDatabase(`postgres://gh:${password}@127.0.0.1:1/gh`), (err) => {
      assert.ok(isGatehouseError(err));
      assert.equal(err.code, 'STORAGE_UNREACHABLE');
      assert.match(err.message, /^cannot reach PostgreSQL at 127\.0\.0\.1:1 \(.+\)$/);
      assert.ok(!err.message.includes(password));
      assert.ok(!String(err.stack).includes(password));
      return true;
    });
  });

  test('a wrong password: STORAGE_UNREACHABLE says why, without the password', { skip: postgres?.skip }, async () => {
    const url = new URL(pgAdminUrl);
    url.password = 'definitely-wrong-pw-31337';
    await assert.rejects(openDatabase(url.toString()), (err) => {
      assert.ok(isGatehouseError(err));
      assert.equal(err.code, 'STORAGE_UNREACHABLE');
      assert.match(err.message, /authentication failed/);
      assert.ok(!err.message.includes('definitely-wrong-pw-31337'));
      return true;
    });
  });

  test('redactUrl hides the password and keeps the rest', () => {
    assert.equal(redactUrl('postgresql://u:pw@db.example:6543/gh?sslmode=require'), 'postgresql://u:***@db.example:6543/gh?sslmode=require');
    assert.equal(redactUrl('sqlite:data/gh.db'), 'sqlite:data/gh.db');
  });

  test('an unsupported scheme is CONFIG_INVALID', async () => {
    await assert.rejects(openDatabase('mysql://root:pw@localhost/gh'), (err) => {
      assert.ok(isGatehouseError(err));
      assert.equal(err.code, 'CONFIG_INVALID');
      assert.ok(!err.message.includes('pw'));
      return true;
    });
  });
});
