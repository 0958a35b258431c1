import { CompiledQuery, SelectQueryNode, type DatabaseConnection, type QueryResult } from 'kysely';
import type { SqliteDatabase, SqliteValue } from './sqlite-database.ts';

// node:sqlite binds only null, numbers, bigints, strings and bytes; kysely may hand us
// booleans, Dates or undefined, which would throw at bind time.
function toSqlite(value: unknown): SqliteValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string' || value instanceof Uint8Array) return value;
  throw new TypeError(`cannot bind a value of type ${typeof value} to SQLite`);
}

/** The one connection of a SQLite database; calls are synchronous underneath. */
export class SqliteConnection implements DatabaseConnection {
  readonly #db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.#db = db;
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const stmt = this.#db.prepare(compiled.sql);
    const params = compiled.parameters.map(toSqlite);
    // node:sqlite rows have a null prototype; callers (and deepEqual) expect plain objects.
    if (stmt.columns().length > 0) return { rows: stmt.all(...params).map((row) => ({ ...(row as object) }) as R) };
    const { changes, lastInsertRowid } = stmt.run(...params);
    return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiled.query)) throw new Error('SQLite streams only select queries');
    const iterator = this.#db.prepare(compiled.sql).iterate(...compiled.parameters.map(toSqlite));
    for (let next = iterator.next(); !next.done; next = iterator.next()) yield { rows: [{ ...(next.value as object) } as R] };
  }
}
