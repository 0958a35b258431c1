import { z } from 'zod';
import { GatehouseError } from '../errors/index.ts';
import type { Database } from './database.ts';
import { fromJson, now, orConflict, prefixedId, toBool, toInt, toJson } from './rows.ts';
import type { ResourceServersTable } from './schema.ts';

export interface ResourceServerScope {
  value: string;
  description?: string;
}

export interface ResourceServerRecord {
  tenant_id: string;
  id: string;
  /** The audience. */
  identifier: string;
  name: string;
  scopes: ResourceServerScope[];
  signing_alg: string;
  token_lifetime: number;
  /** RBAC: only permissions granted through roles end up in tokens. */
  enforce_policies: boolean;
  token_dialect: string;
  skip_consent_for_verifiable_first_party_clients: boolean;
  allow_offline_access: boolean;
  created_at: string;
  updated_at: string;
}

export interface CreateResourceServerInput {
  identifier: string;
  name?: string;
  id?: string;
  scopes?: ResourceServerScope[];
  signing_alg?: string;
  token_lifetime?: number;
  enforce_policies?: boolean;
  token_dialect?: string;
  skip_consent_for_verifiable_first_party_clients?: boolean;
  allow_offline_access?: boolean;
}

export type UpdateResourceServerInput = Partial<Omit<CreateResourceServerInput, 'id' | 'identifier'>>;

export interface ResourceServerQueries {
  create(input: CreateResourceServerInput): Promise<ResourceServerRecord>;
  find(id: string): Promise<ResourceServerRecord | undefined>;
  findByIdentifier(identifier: string): Promise<ResourceServerRecord | undefined>;
  list(): Promise<ResourceServerRecord[]>;
  update(id: string, patch: UpdateResourceServerInput): Promise<ResourceServerRecord | undefined>;
  remove(id: string): Promise<boolean>;
}

const scopesSchema = z.array(z.object({ value: z.string(), description: z.string().optional() }));

function toRecord(row: ResourceServersTable): ResourceServerRecord {
  return {
    tenant_id: row.tenant_id,
    id: row.id,
    identifier: row.identifier,
    name: row.name,
    scopes: fromJson(scopesSchema, row.scopes, `resource_servers.${row.id}.scopes`),
    signing_alg: row.signing_alg,
    token_lifetime: Number(row.token_lifetime),
    enforce_policies: toBool(row.enforce_policies),
    token_dialect: row.token_dialect,
    skip_consent_for_verifiable_first_party_clients: toBool(row.skip_consent_for_verifiable_first_party_clients),
    allow_offline_access: toBool(row.allow_offline_access),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export function createResourceServerQueries(database: Database, tenantId: string): ResourceServerQueries {
  const { db } = database;
  const select = () => db.selectFrom('resource_servers').selectAll().where('tenant_id', '=', tenantId);

  async function find(id: string): Promise<ResourceServerRecord | undefined> {
    const row = await select().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  return {
    async create(input) {
      const at = now();
      // Auth0's defaults for a new API.
      const row: ResourceServersTable = {
        tenant_id: tenantId,
        id: input.id ?? prefixedId('rs'),
        identifier: input.identifier,
        name: input.name ?? input.identifier,
        scopes: toJson(input.scopes ?? []),
        signing_alg: input.signing_alg ?? 'RS256',
        token_lifetime: input.token_lifetime ?? 86400,
        enforce_policies: toInt(input.enforce_policies ?? false),
        token_dialect: input.token_dialect ?? 'access_token',
        skip_consent_for_verifiable_first_party_clients: toInt(input.skip_consent_for_verifiable_first_party_clients ?? true),
        allow_offline_access: toInt(input.allow_offline_access ?? false),
        created_at: at,
        updated_at: at,
      };
      await orConflict(() => db.insertInto('resource_servers').values(row).execute(),
        () => new GatehouseError('MGMT_CONFLICT', `a resource server with identifier ${input.identifier} already exists`));
      return toRecord(row);
    },

    find,

    async findByIdentifier(identifier) {
      const row = await select().where('identifier', '=', identifier).executeTakeFirst();
      return row && toRecord(row);
    },

    async list() {
      return (await select().orderBy('created_at').orderBy('id').execute()).map(toRecord);
    },

    async update(id, patch) {
      const set: Partial<ResourceServersTable> = { updated_at: now() };
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.scopes !== undefined) set.scopes = toJson(patch.scopes);
      if (patch.signing_alg !== undefined) set.signing_alg = patch.signing_alg;
      if (patch.token_lifetime !== undefined) set.token_lifetime = patch.token_lifetime;
      if (patch.enforce_policies !== undefined) set.enforce_policies = toInt(patch.enforce_policies);
      if (patch.token_dialect !== undefined) set.token_dialect = patch.token_dialect;
      if (patch.skip_consent_for_verifiable_first_party_clients !== undefined) {
        set.skip_consent_for_verifiable_first_party_clients = toInt(patch.skip_consent_for_verifiable_first_party_clients);
      }
      if (patch.allow_offline_access !== undefined) set.allow_offline_access = toInt(patch.allow_offline_access);
      await db.updateTable('resource_servers').set(set).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
      return find(id);
    },

    async remove(id) {
      const r = await db.deleteFrom('resource_servers').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
