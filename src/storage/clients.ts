import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { GatehouseError } from '../errors/index.ts';
import type { Database } from './database.ts';
import { fromJson, now, orConflict, randomId, toBool, toInt, toJson } from './rows.ts';
import type { ClientsTable } from './schema.ts';
import type { SecretBox } from './secret-box.ts';

export type AppType = 'spa' | 'native' | 'regular_web' | 'non_interactive';
export type TokenEndpointAuthMethod = 'none' | 'client_secret_post' | 'client_secret_basic';

export interface ClientRecord {
  tenant_id: string;
  client_id: string;
  name: string;
  description: string | null;
  app_type: AppType;
  /** Decrypted; null for public clients (token_endpoint_auth_method 'none'). */
  client_secret: string | null;
  redirect_uris: string[];
  allowed_logout_urls: string[];
  web_origins: string[];
  grant_types: string[];
  client_metadata: Record<string, string>;
  is_first_party: boolean;
  token_endpoint_auth_method: TokenEndpointAuthMethod;
  created_at: string;
  updated_at: string;
}

export interface CreateClientInput {
  name: string;
  app_type: AppType;
  client_id?: string;
  /** Generated for confidential clients when omitted. */
  client_secret?: string;
  description?: string | null;
  redirect_uris?: string[];
  allowed_logout_urls?: string[];
  web_origins?: string[];
  grant_types?: string[];
  client_metadata?: Record<string, string>;
  is_first_party?: boolean;
  token_endpoint_auth_method?: TokenEndpointAuthMethod;
}

export type UpdateClientInput = Partial<Omit<CreateClientInput, 'client_id' | 'client_secret'>>;

export interface ClientQueries {
  create(input: CreateClientInput): Promise<ClientRecord>;
  find(clientId: string): Promise<ClientRecord | undefined>;
  list(): Promise<ClientRecord[]>;
  update(clientId: string, patch: UpdateClientInput): Promise<ClientRecord | undefined>;
  /** Replaces the secret with a new random one (or the given one) and returns the client. */
  rotateSecret(clientId: string, secret?: string): Promise<ClientRecord | undefined>;
  remove(clientId: string): Promise<boolean>;
}

// Auth0's defaults per application type.
const defaultGrants: Record<AppType, string[]> = {
  spa: ['authorization_code', 'implicit', 'refresh_token'],
  native: ['authorization_code', 'implicit', 'refresh_token'],
  regular_web: ['authorization_code', 'implicit', 'refresh_token', 'client_credentials'],
  non_interactive: ['client_credentials'],
};

const strings = z.array(z.string());
const metadata = z.record(z.string(), z.string());

export function newClientSecret(): string {
  return randomBytes(48).toString('base64url');
}

export function createClientQueries(database: Database, box: SecretBox, tenantId: string): ClientQueries {
  const { db } = database;
  // Binds a sealed secret to its row: copied into another client or tenant it will not open.
  const context = (clientId: string) => `clients:${tenantId}:${clientId}`;

  function toRecord(row: ClientsTable): ClientRecord {
    const where = `clients.${row.client_id}`;
    return {
      tenant_id: row.tenant_id,
      client_id: row.client_id,
      name: row.name,
      description: row.description,
      app_type: row.app_type as AppType,
      client_secret: row.client_secret_enc === null ? null : box.open(row.client_secret_enc, context(row.client_id)),
      redirect_uris: fromJson(strings, row.redirect_uris, `${where}.redirect_uris`),
      allowed_logout_urls: fromJson(strings, row.allowed_logout_urls, `${where}.allowed_logout_urls`),
      web_origins: fromJson(strings, row.web_origins, `${where}.web_origins`),
      grant_types: fromJson(strings, row.grant_types, `${where}.grant_types`),
      client_metadata: fromJson(metadata, row.client_metadata, `${where}.client_metadata`),
      is_first_party: toBool(row.is_first_party),
      token_endpoint_auth_method: row.token_endpoint_auth_method as TokenEndpointAuthMethod,
      created_at: row.created_at,
      updated_at: row.updated_at,
    };
  }

  const select = () => db.selectFrom('clients').selectAll().where('tenant_id', '=', tenantId);

  async function find(clientId: string): Promise<ClientRecord | undefined> {
    const row = await select().where('client_id', '=', clientId).executeTakeFirst();
    return row && toRecord(row);
  }

  return {
    async create(input) {
      const clientId = input.client_id ?? randomId(32);
      const publicClient = input.app_type === 'spa' || input.app_type === 'native';
      const method = input.token_endpoint_auth_method ?? (publicClient ? 'none' : 'client_secret_post');
      const secret = method === 'none' ? null : (input.client_secret ?? newClientSecret());
      const at = now();
      const row: ClientsTable = {
        tenant_id: tenantId,
        client_id: clientId,
        name: input.name,
        description: input.description ?? null,
        app_type: input.app_type,
        client_secret_enc: secret === null ? null : box.seal(secret, context(clientId)),
        redirect_uris: toJson(input.redirect_uris ?? []),
        allowed_logout_urls: toJson(input.allowed_logout_urls ?? []),
        web_origins: toJson(input.web_origins ?? []),
        grant_types: toJson(input.grant_types ?? defaultGrants[input.app_type]),
        client_metadata: toJson(input.client_metadata ?? {}),
        is_first_party: toInt(input.is_first_party ?? true),
        token_endpoint_auth_method: method,
        created_at: at,
        updated_at: at,
      };
      await orConflict(() => db.insertInto('clients').values(row).execute(),
        () => new GatehouseError('MGMT_CONFLICT', `a client with id ${clientId} already exists`));
      return toRecord(row);
    },

    find,

    async list() {
      return (await select().orderBy('created_at').orderBy('client_id').execute()).map(toRecord);
    },

    async update(clientId, patch) {
      const set: Partial<ClientsTable> = { updated_at: now() };
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.description !== undefined) set.description = patch.description;
      if (patch.app_type !== undefined) set.app_type = patch.app_type;
      if (patch.redirect_uris !== undefined) set.redirect_uris = toJson(patch.redirect_uris);
      if (patch.allowed_logout_urls !== undefined) set.allowed_logout_urls = toJson(patch.allowed_logout_urls);
      if (patch.web_origins !== undefined) set.web_origins = toJson(patch.web_origins);
      if (patch.grant_types !== undefined) set.grant_types = toJson(patch.grant_types);
      if (patch.client_metadata !== undefined) set.client_metadata = toJson(patch.client_metadata);
      if (patch.is_first_party !== undefined) set.is_first_party = toInt(patch.is_first_party);
      if (patch.token_endpoint_auth_method !== undefined) {
        set.token_endpoint_auth_method = patch.token_endpoint_auth_method;
        // A client turning confidential needs a secret; one turning public must not keep one.
        if (patch.token_endpoint_auth_method === 'none') set.client_secret_enc = null;
        else {
          const current = await find(clientId);
          if (current && current.client_secret === null) set.client_secret_enc = box.seal(newClientSecret(), context(clientId));
        }
      }
      await db.updateTable('clients').set(set).where('tenant_id', '=', tenantId).where('client_id', '=', clientId).execute();
      return find(clientId);
    },

    async rotateSecret(clientId, secret) {
      const sealed = box.seal(secret ?? newClientSecret(), context(clientId));
      const r = await db.updateTable('clients').set({ client_secret_enc: sealed, updated_at: now() })
        .where('tenant_id', '=', tenantId).where('client_id', '=', clientId).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0 ? find(clientId) : undefined;
    },

    async remove(clientId) {
      const r = await db.deleteFrom('clients').where('tenant_id', '=', tenantId).where('client_id', '=', clientId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
