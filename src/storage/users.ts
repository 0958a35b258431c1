import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { GatehouseError } from '../errors/index.ts';
import type { Database } from './database.ts';
import { fromJson, now, orConflict, toBool, toInt, toJson } from './rows.ts';
import type { UsersTable } from './schema.ts';

export interface UserRecord {
  tenant_id: string;
  /** `<provider>|<id>`, e.g. auth0|5f…. */
  user_id: string;
  /** Connection name. */
  connection: string;
  /** Stored lowercased, as Auth0 does for database connections. */
  email: string | null;
  email_verified: boolean;
  username: string | null;
  phone_number: string | null;
  phone_verified: boolean;
  name: string | null;
  nickname: string | null;
  picture: string | null;
  given_name: string | null;
  family_name: string | null;
  /** For login checks only; never return it from an API. */
  password_hash: string | null;
  user_metadata: Record<string, unknown>;
  app_metadata: Record<string, unknown>;
  blocked: boolean;
  created_at: string;
  updated_at: string;
  last_login: string | null;
  last_ip: string | null;
  logins_count: number;
  last_password_reset: string | null;
}

type Profile = Pick<UserRecord, 'email' | 'username' | 'phone_number' | 'name' | 'nickname' | 'picture' | 'given_name' | 'family_name'>;

export type CreateUserInput = { connection: string; user_id?: string } & Partial<Profile> & {
  email_verified?: boolean;
  phone_verified?: boolean;
  password_hash?: string | null;
  user_metadata?: Record<string, unknown>;
  app_metadata?: Record<string, unknown>;
  blocked?: boolean;
};

export type UpdateUserInput = Partial<Profile> & {
  email_verified?: boolean;
  phone_verified?: boolean;
  user_metadata?: Record<string, unknown>;
  app_metadata?: Record<string, unknown>;
  blocked?: boolean;
};

export interface ListUsersOptions {
  connection?: string;
  limit?: number;
  offset?: number;
}

export interface UserQueries {
  create(input: CreateUserInput): Promise<UserRecord>;
  find(userId: string): Promise<UserRecord | undefined>;
  findByEmail(connection: string, email: string): Promise<UserRecord | undefined>;
  findByUsername(connection: string, username: string): Promise<UserRecord | undefined>;
  list(options?: ListUsersOptions): Promise<UserRecord[]>;
  count(connection?: string): Promise<number>;
  update(userId: string, patch: UpdateUserInput): Promise<UserRecord | undefined>;
  setPasswordHash(userId: string, passwordHash: string): Promise<boolean>;
  /** logins_count + 1, last_login and last_ip, in one statement so concurrent logins all count. */
  recordLogin(userId: string, ip: string | null): Promise<UserRecord | undefined>;
  remove(userId: string): Promise<boolean>;
}

const metadata = z.record(z.string(), z.unknown());

function lower(email: string | null | undefined): string | null {
  return email == null ? null : email.toLowerCase();
}

function toRecord(row: UsersTable): UserRecord {
  const where = `users.${row.user_id}`;
  return {
    tenant_id: row.tenant_id,
    user_id: row.user_id,
    connection: row.connection,
    email: row.email,
    email_verified: toBool(row.email_verified),
    username: row.username,
    phone_number: row.phone_number,
    phone_verified: toBool(row.phone_verified),
    name: row.name,
    nickname: row.nickname,
    picture: row.picture,
    given_name: row.given_name,
    family_name: row.family_name,
    password_hash: row.password_hash,
    user_metadata: fromJson(metadata, row.user_metadata, `${where}.user_metadata`),
    app_metadata: fromJson(metadata, row.app_metadata, `${where}.app_metadata`),
    blocked: toBool(row.blocked),
    created_at: row.created_at,
    updated_at: row.updated_at,
    last_login: row.last_login,
    last_ip: row.last_ip,
    logins_count: Number(row.logins_count),
    last_password_reset: row.last_password_reset,
  };
}

export function createUserQueries(database: Database, tenantId: string): UserQueries {
  const { db } = database;
  const select = () => db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId);
  const exists = () => new GatehouseError('MGMT_CONFLICT', 'The user already exists.');

  async function find(userId: string): Promise<UserRecord | undefined> {
    const row = await select().where('user_id', '=', userId).executeTakeFirst();
    return row && toRecord(row);
  }

  return {
    async create(input) {
      const at = now();
      const row: UsersTable = {
        tenant_id: tenantId,
        user_id: input.user_id ?? `auth0|${randomBytes(12).toString('hex')}`,
        connection: input.connection,
        email: lower(input.email),
        email_verified: toInt(input.email_verified ?? false),
        username: input.username ?? null,
        phone_number: input.phone_number ?? null,
        phone_verified: toInt(input.phone_verified ?? false),
        name: input.name ?? input.email ?? null,
        nickname: input.nickname ?? (input.email ? input.email.split('@')[0] : input.username ?? null),
        picture: input.picture ?? null,
        given_name: input.given_name ?? null,
        family_name: input.family_name ?? null,
        password_hash: input.password_hash ?? null,
        user_metadata: toJson(input.user_metadata ?? {}),
        app_metadata: toJson(input.app_metadata ?? {}),
        blocked: toInt(input.blocked ?? false),
        created_at: at,
        updated_at: at,
        last_login: null,
        last_ip: null,
        logins_count: 0,
        last_password_reset: null,
      };
      await orConflict(() => db.insertInto('users').values(row).execute(), exists);
      return toRecord(row);
    },

    find,

    async findByEmail(connection, email) {
      const row = await select().where('connection', '=', connection).where('email', '=', email.toLowerCase()).executeTakeFirst();
      return row && toRecord(row);
    },

    async findByUsername(connection, username) {
      const row = await select().where('connection', '=', connection).where('username', '=', username).executeTakeFirst();
      return row && toRecord(row);
    },

    async list(options = {}) {
      let q = select();
      if (options.connection !== undefined) q = q.where('connection', '=', options.connection);
      const rows = await q.orderBy('created_at').orderBy('user_id').limit(options.limit ?? 50).offset(options.offset ?? 0).execute();
      return rows.map(toRecord);
    },

    async count(connection) {
      let q = db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).where('tenant_id', '=', tenantId);
      if (connection !== undefined) q = q.where('connection', '=', connection);
      return Number((await q.executeTakeFirstOrThrow()).n);
    },

    async update(userId, patch) {
      const set: Partial<UsersTable> = { updated_at: now() };
      if (patch.email !== undefined) set.email = lower(patch.email);
      for (const key of ['username', 'phone_number', 'name', 'nickname', 'picture', 'given_name', 'family_name'] as const) {
        if (patch[key] !== undefined) set[key] = patch[key];
      }
      if (patch.email_verified !== undefined) set.email_verified = toInt(patch.email_verified);
      if (patch.phone_verified !== undefined) set.phone_verified = toInt(patch.phone_verified);
      if (patch.user_metadata !== undefined) set.user_metadata = toJson(patch.user_metadata);
      if (patch.app_metadata !== undefined) set.app_metadata = toJson(patch.app_metadata);
      if (patch.blocked !== undefined) set.blocked = toInt(patch.blocked);
      await orConflict(
        () => db.updateTable('users').set(set).where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute(),
        exists);
      return find(userId);
    },

    async setPasswordHash(userId, passwordHash) {
      const at = now();
      const r = await db.updateTable('users').set({ password_hash: passwordHash, last_password_reset: at, updated_at: at })
        .where('tenant_id', '=', tenantId).where('user_id', '=', userId).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async recordLogin(userId, ip) {
      const at = now();
      await db.updateTable('users')
        .set((eb) => ({ logins_count: eb('logins_count', '+', 1), last_login: at, last_ip: ip, updated_at: at }))
        .where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
      return find(userId);
    },

    async remove(userId) {
      const r = await db.deleteFrom('users').where('tenant_id', '=', tenantId).where('user_id', '=', userId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
