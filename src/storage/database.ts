import { Kysely, PostgresDialect } from 'kysely';
import { GatehouseError } from '../errors/index.ts';
import { openPostgres } from './postgres.ts';
import type { Schema } from './schema.ts';
import { NodeSqliteDialect } from './sqlite/sqlite-dialect.ts';
import { openSqlite } from './sqlite/open-sqlite.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<Schema>;
  dialect: DialectName;
  /** The URL it was opened with, password replaced by '***'. */
  url: string;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /** SQLite busy timeout (default 5000 ms). */
  busyTimeoutMs?: number;
}

export function redactUrl(url: string): string {
  if (!/^postgres(ql)?:/i.test(url)) return url;
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}

/**
 * Runs `work` in one transaction, handing it a Database whose queries all join that
 * transaction: `inTransaction(database, (tx) => createUserQueries(tx, t).create(…))`.
 * Inside an existing transaction it simply joins it.
 */
export async function inTransaction<T>(database: Database, work: (tx: Database) => Promise<T>): Promise<T> {
  if (database.db.isTransaction) return work(database);
  return database.db.transaction().execute((trx) => work({ ...database, db: trx }));
}

/** A transaction on `db`, or `db` itself when it already is one (kysely cannot nest them). */
export function transact<T>(db: Kysely<Schema>, work: (trx: Kysely<Schema>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

function wrap(db: Kysely<Schema>, dialect: DialectName, url: string): Database {
  let closing: Promise<void> | undefined;
  return { db, dialect, url, close: () => (closing ??= db.destroy()) };
}

/**
 * Opens `sqlite:PATH` (parent folders created; `sqlite::memory:` for tests) or
 * `postgres://…` / `postgresql://…`, and checks it is usable before returning.
 */
export async function openDatabase(url: string, options: OpenDatabaseOptions = {}): Promise<Database> {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '') throw new GatehouseError('CONFIG_INVALID', 'sqlite: URL needs a path, e.g. sqlite:data/gatehouse.db');
    const sqlite = openSqlite(path, { busyTimeoutMs: options.busyTimeoutMs });
    return wrap(new Kysely<Schema>({ dialect: new NodeSqliteDialect(sqlite) }), 'sqlite', url);
  }
  if (/^postgres(ql)?:\/\//i.test(url)) {
    let pool;
    try {
      pool = await openPostgres(url, { poolSize: options.poolSize });
    } catch (err) {
      if (err instanceof TypeError) throw new GatehouseError('CONFIG_INVALID', `invalid PostgreSQL URL ${redactUrl(url)}`);
      throw err;
    }
    return wrap(new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) }), 'postgres', redactUrl(url));
  }
  throw new GatehouseError('CONFIG_INVALID', `unsupported database URL ${redactUrl(url).split(':')[0]}:…; use sqlite:PATH or postgres://…`);
}
