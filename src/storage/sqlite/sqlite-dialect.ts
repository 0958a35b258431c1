import {
  SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler,
  type DatabaseIntrospector, type Dialect, type DialectAdapter, type Driver, type Kysely, type QueryCompiler,
} from 'kysely';
import { SqliteDriver } from './sqlite-driver.ts';
import type { SqliteDatabase } from './sqlite-database.ts';

/** kysely over an already-open node:sqlite database; only the driver is ours. */
export class NodeSqliteDialect implements Dialect {
  readonly #db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.#db = db;
  }

  createDriver(): Driver {
    return new SqliteDriver(this.#db);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}
