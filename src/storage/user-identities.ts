import { z } from 'zod';
import { GatehouseError } from '../errors/index.ts';
import type { Database } from './database.ts';
import { fromJson, now, orConflict, toBool, toInt, toJson } from './rows.ts';
import type { UserIdentitiesTable } from './schema.ts';
import type { SecretBox } from './secret-box.ts';

export interface IdentityRecord {
  tenant_id: string;
  /** The Gatehouse user this identity belongs to. */
  user_id: string;
  provider: string;
  connection: string;
  /** The identity's own id at the provider (Auth0's identities[].user_id, unprefixed). */
  identity_user_id: string;
  is_social: boolean;
  profile_data: Record<string, unknown>;
  /** IdP tokens, decrypted; only for callers allowed read:user_idp_tokens. */
  access_token: string | null;
  refresh_token: string | null;
  created_at: string;
}

export interface AddIdentityInput {
  provider: string;
  connection: string;
  identity_user_id: string;
  is_social?: boolean;
  profile_data?: Record<string, unknown>;
  access_token?: string | null;
  refresh_token?: string | null;
}

export interface IdentityKey {
  provider: string;
  connection: string;
  identity_user_id: string;
}

export interface IdentityQueries {
  add(userId: string, input: AddIdentityInput): Promise<IdentityRecord>;
  listForUser(userId: string): Promise<IdentityRecord[]>;
  /** Which user holds this provider identity (account lookup at login). */
  find(key: IdentityKey): Promise<IdentityRecord | undefined>;
  setTokens(key: IdentityKey, tokens: { access_token?: string | null; refresh_token?: string | null }): Promise<boolean>;
  remove(key: IdentityKey): Promise<boolean>;
}

const profile = z.record(z.string(), z.unknown());

export function createIdentityQueries(database: Database, box: SecretBox, tenantId: string): IdentityQueries {
  const { db } = database;
  const context = (k: IdentityKey, field: string) =>
    `user_identities:${tenantId}:${k.provider}:${k.connection}:${k.identity_user_id}:${field}`;
  const seal = (value: string | null | undefined, k: IdentityKey, field: string) =>
    value == null ? null : box.seal(value, context(k, field));

  function toRecord(row: UserIdentitiesTable): IdentityRecord {
    return {
      tenant_id: row.tenant_id,
      user_id: row.user_id,
      provider: row.provider,
      connection: row.connection,
      identity_user_id: row.identity_user_id,
      is_social: toBool(row.is_social),
      profile_data: fromJson(profile, row.profile_data, `user_identities.${row.user_id}.profile_data`),
      access_token: row.access_token_enc === null ? null : box.open(row.access_token_enc, context(row, 'access_token')),
      refresh_token: row.refresh_token_enc === null ? null : box.open(row.refresh_token_enc, context(row, 'refresh_token')),
      created_at: row.created_at,
    };
  }

  const byKey = (k: IdentityKey) => db.selectFrom('user_identities').selectAll()
    .where('tenant_id', '=', tenantId).where('provider', '=', k.provider)
    .where('connection', '=', k.connection).where('identity_user_id', '=', k.identity_user_id);

  return {
    async add(userId, input) {
      const row: UserIdentitiesTable = {
        tenant_id: tenantId,
        user_id: userId,
        provider: input.provider,
        connection: input.connection,
        identity_user_id: input.identity_user_id,
        is_social: toInt(input.is_social ?? false),
        profile_data: toJson(input.profile_data ?? {}),
        access_token_enc: seal(input.access_token, input, 'access_token'),
        refresh_token_enc: seal(input.refresh_token, input, 'refresh_token'),
        created_at: now(),
      };
      await orConflict(() => db.insertInto('user_identities').values(row).execute(),
        () => new GatehouseError('MGMT_CONFLICT', 'This identity is already linked to a user.'));
      return toRecord(row);
    },

    async listForUser(userId) {
      const rows = await db.selectFrom('user_identities').selectAll()
        .where('tenant_id', '=', tenantId).where('user_id', '=', userId).orderBy('created_at').execute();
      return rows.map(toRecord);
    },

    async find(key) {
      const row = await byKey(key).executeTakeFirst();
      return row && toRecord(row);
    },

    async setTokens(key, tokens) {
      const set: Partial<UserIdentitiesTable> = {};
      if (tokens.access_token !== undefined) set.access_token_enc = seal(tokens.access_token, key, 'access_token');
      if (tokens.refresh_token !== undefined) set.refresh_token_enc = seal(tokens.refresh_token, key, 'refresh_token');
      if (Object.keys(set).length === 0) return (await byKey(key).executeTakeFirst()) !== undefined;
      const r = await db.updateTable('user_identities').set(set)
        .where('tenant_id', '=', tenantId).where('provider', '=', key.provider)
        .where('connection', '=', key.connection).where('identity_user_id', '=', key.identity_user_id)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async remove(key) {
      const r = await db.deleteFrom('user_identities')
        .where('tenant_id', '=', tenantId).where('provider', '=', key.provider)
        .where('connection', '=', key.connection).where('identity_user_id', '=', key.identity_user_id)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
