// Shared set-up of the custom database end-to-end tests: a Gatehouse on SQLite or PostgreSQL,
// legacy stores on the real PostgreSQL and MariaDB servers seeded with bcrypt hashes, the
// scripts of test/fixtures/legacy/, and helpers for the password-realm grant and the log.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { saveCustomDbConnection, type SaveCustomDbResult } from '../../../src/extensibility/custom-db/index.ts';
import { installDependencySet } from '../../../src/runtime/modules/install.ts';
import { defaultAllowList } from '../../../src/runtime/modules/default-allowlist.ts';
import {
  createClientQueries, createExecutionLogQueries, createTenantQueries, type ClientRecord, type ExecutionLogRecord,
} from '../../../src/storage/index.ts';
import { createPostgresDatabase, dialects, pgAdminUrl } from '../../helpers/dialects.ts';
import { startTestServer, type TestResponse, type TestServer } from '../../helpers/server.ts';

export const REALM_GRANT = 'http://auth0.com/oauth/grant-type/password-realm';
export const FIXTURES = new URL('../../fixtures/legacy/', import.meta.url).pathname;
/** Shared by every run so that the allow-listed modules are fetched from npm once per machine. */
export const MODULE_CACHE = join(tmpdir(), 'gatehouse-test-modules');
export const MARIADB_URL = process.env.GATEHOUSE_TEST_MARIADB ?? 'mysql://root:root@127.0.0.1:3306';

/** Reads a fixture folder as { script key: source }. */
export async function fixtureScripts(folder: string): Promise<Record<string, string>> {
  const dir = join(FIXTURES, folder);
  const out: Record<string, string> = {};
  for (const file of await readdir(dir)) {
    if (file.endsWith('.js')) out[file.slice(0, -3)] = await readFile(join(dir, file), 'utf8');
  }
  return out;
}

/** bcryptjs (and mysql2) as the scripts get them: from the module cache, installed like a deploy installs them. */
export async function cachedModule<T>(name: 'bcryptjs' | 'mysql2'): Promise<T> {
  const dir = await installDependencySet(MODULE_CACHE, { [name]: defaultAllowList[name] });
  return createRequire(join(dir, 'node_modules', 'index.js'))(name) as T;
}

export interface Bcrypt {
  hash(password: string, rounds: number): Promise<string>;
  compare(password: string, hash: string): Promise<boolean>;
}

/** A message when a TCP service does not answer; under CI=true that is a failure, not a skip. */
export async function serviceUnavailable(what: string, host: string, port: number): Promise<string | undefined> {
  const ok = await new Promise<boolean>((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(2000, () => { socket.destroy(); resolve(false); });
    socket.once('connect', () => { socket.end(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
  if (ok) return undefined;
  const why = `${what} unreachable at ${host}:${port}; start it with bash ../shared/ci/services.sh`;
  if (process.env.CI === 'true') throw new Error(`${why} (CI=true: the custom database tests must run)`);
  console.warn(`skipping: ${why}`);
  return why;
}

export interface LegacyUser {
  readonly email: string;
  readonly password: string;
  readonly nickname: string;
  readonly status?: string;
  readonly emailVerified?: boolean;
}

export interface LegacyStore {
  /** What the scripts get as configuration.DB_URL. */
  readonly url: string;
  query(sql: string, params?: unknown[]): Promise<any[]>;
  close(): Promise<void>;
}

/** A fresh legacy_users_<random> database on the test PostgreSQL server, seeded with bcrypt-hashed users. */
export async function legacyPostgres(users: readonly LegacyUser[], rounds = 8): Promise<LegacyStore> {
  const bcrypt = await cachedModule<Bcrypt>('bcryptjs');
  const name = `legacy_users_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgAdminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(pgAdminUrl);
  u.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: u.toString(), max: 2 });
  await pool.query(await readFile(join(FIXTURES, 'postgres', 'schema.sql'), 'utf8'));
  for (const user of users) {
    await pool.query('insert into users(email, password, nickname, status, email_verified) values ($1, $2, $3, $4, $5)',
      [user.email, await bcrypt.hash(user.password, rounds), user.nickname, user.status ?? 'active', user.emailVerified ?? false]);
  }
  return {
    url: u.toString(),
    query: async (sql, params) => (await pool.query(sql, params as unknown[])).rows,
    async close() {
      await pool.end();
      const c = new pg.Client({ connectionString: pgAdminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

interface MysqlPool { query(sql: string, params?: unknown): Promise<[any, unknown]>; end(): Promise<void> }

/** A fresh legacy_users_<random> database on the test MariaDB server, seeded with bcrypt-hashed users. */
export async function legacyMariaDb(users: readonly LegacyUser[], rounds = 8): Promise<LegacyStore> {
  const bcrypt = await cachedModule<Bcrypt>('bcryptjs');
  const mysql = await cachedModule<{ createPool(o: unknown): { promise(): MysqlPool } }>('mysql2');
  const name = `legacy_users_${randomBytes(5).toString('hex')}`;
  const admin = mysql.createPool({ uri: MARIADB_URL, connectionLimit: 1 }).promise();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = `${MARIADB_URL}/${name}`;
  const pool = mysql.createPool({ uri: url, connectionLimit: 2 }).promise();
  await pool.query(await readFile(join(FIXTURES, 'mariadb', 'schema.sql'), 'utf8'));
  for (const user of users) {
    await pool.query('insert into users(email, password, nickname) values (?, ?, ?)', [user.email, await bcrypt.hash(user.password, rounds), user.nickname]);
  }
  return {
    url,
    query: async (sql, params) => (await pool.query(sql, params))[0] as any[],
    async close() {
      await pool.query(`drop database if exists ${name}`);
      await pool.end();
    },
  };
}

export interface World {
  readonly server: TestServer;
  readonly tenantId: string;
  /** A confidential application allowed the password grants, with every connection enabled for it. */
  readonly app: ClientRecord;
  save(name: string, scripts: Record<string, string>, extra?: { configuration?: Record<string, string>; importMode?: boolean; options?: Record<string, unknown> }): Promise<SaveCustomDbResult>;
  /** POST /oauth/token with the password-realm grant. */
  login(realm: string, username: string, password: string, extra?: Record<string, string>): Promise<TestResponse>;
  /** Execution-log entries of the tenant, oldest first, optionally only one script's. */
  executions(script?: string): Promise<ExecutionLogRecord[]>;
  close(): Promise<void>;
}

export interface GatehouseDialect {
  readonly name: 'sqlite' | 'postgres';
  readonly skip?: string;
  start(settings?: Record<string, string>): Promise<World>;
}

/** Gatehouse's own storage on SQLite and (when reachable, always under CI=true) PostgreSQL. */
export async function gatehouseDialects(): Promise<GatehouseDialect[]> {
  const pgDialect = (await dialects()).find((d) => d.name === 'postgres')!;
  return [
    { name: 'sqlite', start: (settings) => startWorld(undefined, settings) },
    { name: 'postgres', skip: pgDialect.skip, start: (settings) => startWorld(createPostgresDatabase, settings) },
  ];
}

async function startWorld(db: (() => Promise<{ url: string; drop(): Promise<void> }>) | undefined, settings: Record<string, string> = {}): Promise<World> {
  const fresh = db ? await db() : undefined;
  const keyDir = await mkdtemp(join(tmpdir(), 'gh-cdb-key-'));
  const server = await startTestServer({
    settings: {
      ...(fresh ? { db: fresh.url, keyFile: join(keyDir, 'secret.key') } : {}),
      'runtime.moduleCacheDir': MODULE_CACHE,
      'runtime.spares': '0',
      ...settings,
    },
  });
  const tenantId = (await createTenantQueries(server.database).findByName('demo'))!.id;
  const app = await createClientQueries(server.database, server.box, tenantId).create({
    name: 'Legacy App', app_type: 'regular_web', redirect_uris: ['http://127.0.0.1/cb'], token_endpoint_auth_method: 'client_secret_post',
    grant_types: ['authorization_code', 'refresh_token', 'password', REALM_GRANT],
  });
  return {
    server,
    tenantId,
    app,
    save: (name, scripts, extra = {}) => saveCustomDbConnection(
      { database: server.database, box: server.box, moduleCacheDir: MODULE_CACHE },
      { tenantId, name, scripts, configuration: extra.configuration, importMode: extra.importMode, options: extra.options, enabledClients: [app.client_id] },
    ),
    login: (realm, username, password, extra = {}) => server.request('/oauth/token', {
      body: { grant_type: REALM_GRANT, realm, username, password, scope: 'openid profile email', client_id: app.client_id, client_secret: app.client_secret, ...extra },
    }),
    async executions(script) {
      const all = await createExecutionLogQueries(server.database, tenantId).list({ limit: 1000, ...(script ? { type: `custom-db:${script}` } : {}) });
      return all.filter((e) => e.type.startsWith('custom-db:')).reverse();
    },
    async close() {
      await server.close();
      await fresh?.drop();
      await rm(keyDir, { recursive: true, force: true });
    },
  };
}

/** The claims of a JWT, unverified (the protocol tests verify signatures; here the content matters). */
export function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}
