import { sql, type Kysely } from 'kysely';
import { GatehouseError } from '../errors/index.ts';
import type { Database } from './database.ts';
import { migrationProvider, type MigrationProvider } from './migrations/index.ts';

const TABLE = 'gatehouse_migrations';
// Session-level advisory lock id shared by every Gatehouse node of one PostgreSQL database
// ('gateh' in ASCII, so it is recognisable in pg_locks).
const PG_LOCK_ID = 0x6761746568;

export interface MigrateOptions {
  /** Defaults to the built-in migrations; tests pass their own. */
  provider?: MigrationProvider;
}

function fail(message: string, cause?: unknown): GatehouseError {
  const reason = cause instanceof Error ? `: ${cause.message}` : '';
  return new GatehouseError('STORAGE_MIGRATION_FAILED', `${message}${reason}`, { cause });
}

async function appliedNames(db: Kysely<any>): Promise<Set<string>> {
  const rows = await db.selectFrom(TABLE).select('name').execute();
  return new Set(rows.map((r) => r.name as string));
}

/**
 * Applies pending forward-only migrations, each in its own transaction together with its
 * bookkeeping row, so a failure leaves every migration either fully applied or not at all.
 * Concurrent starts run each migration once: PostgreSQL nodes queue on an advisory lock;
 * SQLite processes queue on the write lock (`begin immediate`) and re-check inside it.
 */
export async function migrate(database: Database, options: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const migrations = Object.entries(await (options.provider ?? migrationProvider).getMigrations())
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const known = new Set(migrations.map(([name]) => name));
  const postgres = database.dialect === 'postgres';

  return (database.db as Kysely<any>).connection().execute(async (conn) => {
    if (postgres) await sql`select pg_advisory_lock(${sql.lit(PG_LOCK_ID)})`.execute(conn);
    try {
      await conn.schema.createTable(TABLE).ifNotExists()
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('applied_at', 'text', (c) => c.notNull())
        .execute();

      const unknown = [...await appliedNames(conn)].filter((name) => !known.has(name));
      if (unknown.length > 0) {
        throw fail(`the database was migrated by a newer Gatehouse (unknown migrations: ${unknown.join(', ')})`);
      }

      const applied: string[] = [];
      for (const [name, migration] of migrations) {
        try {
          const ran = await conn.transaction().execute(async (trx) => {
            const done = await trx.selectFrom(TABLE).select('name').where('name', '=', name).executeTakeFirst();
            if (done) return false;
            await migration.up(trx);
            await trx.insertInto(TABLE).values({ name, applied_at: new Date().toISOString() }).execute();
            return true;
          });
          if (ran) applied.push(name);
        } catch (err) {
          throw fail(`migration ${name} failed`, err);
        }
      }
      return { applied };
    } finally {
      if (postgres) await sql`select pg_advisory_unlock(${sql.lit(PG_LOCK_ID)})`.execute(conn);
    }
  });
}
