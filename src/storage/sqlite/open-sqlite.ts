import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { GatehouseError } from '../../errors/index.ts';
import type { SqliteDatabase } from './sqlite-database.ts';

export interface SqliteOpenOptions {
  /** How long a writer waits for another process's lock before failing (SQLite busy_timeout). */
  busyTimeoutMs?: number;
}

function unusable(path: string, err: unknown): GatehouseError {
  const reason = err instanceof Error ? err.message : String(err);
  return new GatehouseError('STORAGE_CORRUPT', `${path} is not a usable SQLite database: ${reason}`, { cause: err });
}

/**
 * Opens (creating if needed) a SQLite file, or ':memory:'. The file is read and write-locked
 * once here, because node:sqlite opens lazily: garbage or an unwritable file would otherwise
 * only fail at the first query, far from start-up.
 */
export function openSqlite(path: string, options: SqliteOpenOptions = {}): SqliteDatabase {
  const memory = path === ':memory:';
  const file = memory ? path : resolve(path);
  let db: DatabaseSync | undefined;
  try {
    if (!memory) mkdirSync(dirname(file), { recursive: true });
    db = new DatabaseSync(file, { enableForeignKeyConstraints: true, timeout: options.busyTimeoutMs ?? 5000 });
    // WAL lets readers proceed while one writer commits; NORMAL sync is durable across
    // application crashes in WAL mode and much faster than FULL.
    db.exec('pragma journal_mode = wal');
    db.exec('pragma synchronous = normal');
    db.exec('pragma foreign_keys = on');
    db.prepare('select count(*) as n from sqlite_master').all();
    db.exec('begin immediate');
    db.exec('rollback');
    return db;
  } catch (err) {
    try { db?.close(); } catch { /* already failing; the first error is the useful one */ }
    throw unusable(file, err);
  }
}
