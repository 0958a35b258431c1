// Every storage test runs once per dialect (kysely's DIALECTS pattern). PostgreSQL entries
// get a fresh database each open() and drop it on close(), so tests never share state.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/storage/database.ts';
import { migrate } from '../../src/storage/migrate.ts';

export interface TestDialect {
  name: 'sqlite' | 'postgres';
  /** Set when this dialect cannot run here; pass it to describe()'s `skip`. */
  skip?: string;
  /** A fresh, empty database (not migrated). */
  open(): Promise<Database>;
  /** A fresh database with the built-in migrations applied. */
  openMigrated(): Promise<Database>;
}

export const pgAdminUrl = process.env.GATEHOUSE_TEST_PG ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: pgAdminUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

let probe: Promise<string | undefined> | undefined;

/** undefined when PostgreSQL answers; otherwise why it does not (never the password). */
function postgresUnavailable(): Promise<string | undefined> {
  probe ??= admin((c) => c.query('select 1')).then(
    () => undefined,
    (err: Error & { code?: string }) => {
      const u = new URL(pgAdminUrl);
      return `PostgreSQL unreachable at ${u.hostname}:${u.port || 5432} (${err.code ?? err.message}); set GATEHOUSE_TEST_PG or start it`;
    },
  );
  return probe;
}

function withMigrate(open: () => Promise<Database>): () => Promise<Database> {
  return async () => {
    const database = await open();
    await migrate(database);
    return database;
  };
}

async function openSqlite(): Promise<Database> {
  const dir = await mkdtemp(join(tmpdir(), 'gh-test-'));
  const database = await openDatabase(`sqlite:${join(dir, 'gatehouse.db')}`);
  const close = database.close;
  return { ...database, close: async () => { await close(); await rm(dir, { recursive: true, force: true }); } };
}

/** A fresh PostgreSQL database gh_test_<random>; close() drops it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `gh_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  return {
    url: withDatabase(pgAdminUrl, name),
    drop: () => admin(async (c) => { await c.query(`drop database if exists ${name} with (force)`); }),
  };
}

async function openPostgres(): Promise<Database> {
  const fresh = await createPostgresDatabase();
  const database = await openDatabase(fresh.url);
  const close = database.close;
  return { ...database, close: async () => { await close(); await fresh.drop(); } };
}

export async function dialects(): Promise<TestDialect[]> {
  const list: TestDialect[] = [{ name: 'sqlite', open: openSqlite, openMigrated: withMigrate(openSqlite) }];
  const unavailable = await postgresUnavailable();
  if (unavailable && process.env.CI === 'true') throw new Error(`${unavailable} (CI=true: storage tests must run on PostgreSQL)`);
  if (unavailable) console.warn(`skipping PostgreSQL storage tests: ${unavailable}`);
  list.push({ name: 'postgres', skip: unavailable, open: openPostgres, openMigrated: withMigrate(openPostgres) });
  return list;
}
