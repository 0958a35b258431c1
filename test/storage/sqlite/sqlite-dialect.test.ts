import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { describe, test } from 'node:test';
import { Kysely, sql } from 'kysely';
import { NodeSqliteDialect } from '../../../src/storage/sqlite/sqlite-dialect.ts';
import type { SqliteDatabase } from '../../../src/storage/sqlite/sqlite-database.ts';

/** A real in-memory database seen through the structural interface, recording every statement. */
function recorded(): { db: SqliteDatabase; log: string[] } {
  const real = new DatabaseSync(':memory:');
  const log: string[] = [];
  return {
    log,
    db: {
      prepare: (text) => { log.push(text); return real.prepare(text); },
      exec: (text) => { log.push(text); real.exec(text); },
      close: () => real.close(),
    },
  };
}

describe('node:sqlite dialect', () => {
  test('binds booleans, Dates and undefined, which node:sqlite alone refuses', async () => {
    const { db } = recorded();
    const k = new Kysely<any>({ dialect: new NodeSqliteDialect(db) });
    await sql`create table t (b integer, d text, n text)`.execute(k);
    await k.insertInto('t').values({ b: true, d: new Date('2026-01-02T03:04:05.000Z'), n: undefined }).execute();
    assert.deepEqual(await k.selectFrom('t').selectAll().execute(), [{ b: 1, d: '2026-01-02T03:04:05.000Z', n: null }]);
    await k.destroy();
  });

  test('reports affected rows and distinguishes readers from writers', async () => {
    const { db } = recorded();
    const k = new Kysely<any>({ dialect: new NodeSqliteDialect(db) });
    await sql`create table t (id integer primary key, v text)`.execute(k);
    await k.insertInto('t').values([{ v: 'a' }, { v: 'b' }]).execute();
    const r = await k.updateTable('t').set({ v: 'c' }).executeTakeFirst();
    assert.equal(r.numUpdatedRows, 2n);
    const returned = await k.insertInto('t').values({ v: 'd' }).returning(['id', 'v']).execute();
    assert.deepEqual(returned, [{ id: 3, v: 'd' }]);
    const streamed: unknown[] = [];
    for await (const row of k.selectFrom('t').select('v').orderBy('id').stream()) streamed.push(row);
    assert.deepEqual(streamed, [{ v: 'c' }, { v: 'c' }, { v: 'd' }]);
    await k.destroy();
  });

  test('transactions begin IMMEDIATE and do not interleave on the single connection', async () => {
    const { db, log } = recorded();
    const k = new Kysely<any>({ dialect: new NodeSqliteDialect(db) });
    await sql`create table t (who text, step integer)`.execute(k);
    log.length = 0;
    const work = (who: string) => k.transaction().execute(async (trx) => {
      await trx.insertInto('t').values({ who, step: 1 }).execute();
      await new Promise((resolve) => setImmediate(resolve));
      await trx.insertInto('t').values({ who, step: 2 }).execute();
    });
    await Promise.all([work('a'), work('b'), k.insertInto('t').values({ who: 'outside', step: 0 }).execute()]);
    const statements = log.map((s) => s.replace(/\s+/g, ' ').split(' (')[0]);
    assert.ok(statements.every((s) => !/^begin$/i.test(s)));
    assert.equal(statements.filter((s) => /^begin immediate$/i.test(s)).length, 2);
    // Each transaction's two inserts sit between its own begin and commit.
    const rows = await k.selectFrom('t').select(['who', 'step']).where('who', '!=', 'outside').execute();
    const order = rows.map((r) => r.who).join('');
    assert.ok(order === 'aabb' || order === 'bbaa', `interleaved: ${order}`);
    await k.destroy();
  });

  test('a failing transaction rolls back and releases the connection', async () => {
    const { db } = recorded();
    const k = new Kysely<any>({ dialect: new NodeSqliteDialect(db) });
    await sql`create table t (v text)`.execute(k);
    await assert.rejects(k.transaction().execute(async (trx) => {
      await trx.insertInto('t').values({ v: 'x' }).execute();
      throw new Error('nope');
    }), /nope/);
    assert.deepEqual(await k.selectFrom('t').selectAll().execute(), []);
    await k.destroy();
  });
});
