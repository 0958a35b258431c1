import { z } from 'zod';
import { GatehouseError } from '../errors/index.ts';
import { transact, type Database } from './database.ts';
import { fromJson, now, orConflict, prefixedId, toBool, toInt, toJson } from './rows.ts';
import type { ConnectionsTable } from './schema.ts';
import type { SecretBox } from './secret-box.ts';

export interface ConnectionRecord {
  tenant_id: string;
  id: string;
  name: string;
  strategy: string;
  /** Non-secret options (password policy, requires_username, …). */
  options: Record<string, unknown>;
  /** Script name (login, get_user, create, …) → source. */
  custom_scripts: Record<string, string>;
  /** Bumped on every change of custom_scripts; the runtime keys containers on it. */
  scripts_version: number;
  /** Decrypted `configuration` key/values given to the scripts. */
  configuration: Record<string, string>;
  import_mode: boolean;
  enabled_clients: string[];
  created_at: string;
  updated_at: string;
}

export interface CreateConnectionInput {
  name: string;
  strategy?: string;
  id?: string;
  options?: Record<string, unknown>;
  custom_scripts?: Record<string, string>;
  configuration?: Record<string, string>;
  import_mode?: boolean;
  enabled_clients?: string[];
}

export type UpdateConnectionInput = Partial<Omit<CreateConnectionInput, 'id' | 'name'>>;

export interface ScriptVersion {
  version: number;
  custom_scripts: Record<string, string>;
  created_at: string;
}

export interface ConnectionQueries {
  create(input: CreateConnectionInput): Promise<ConnectionRecord>;
  find(id: string): Promise<ConnectionRecord | undefined>;
  findByName(name: string): Promise<ConnectionRecord | undefined>;
  list(): Promise<ConnectionRecord[]>;
  /** Changing custom_scripts keeps the previous scripts as a version and bumps scripts_version. */
  update(id: string, patch: UpdateConnectionInput): Promise<ConnectionRecord | undefined>;
  /** Earlier scripts, newest first. */
  listScriptVersions(id: string): Promise<ScriptVersion[]>;
  remove(id: string): Promise<boolean>;
}

const options = z.record(z.string(), z.unknown());
const scripts = z.record(z.string(), z.string());
const configuration = z.record(z.string(), z.string());
const strings = z.array(z.string());

export function createConnectionQueries(database: Database, box: SecretBox, tenantId: string): ConnectionQueries {
  const { db } = database;
  const context = (id: string) => `connections:${tenantId}:${id}`;

  function toRecord(row: ConnectionsTable): ConnectionRecord {
    const where = `connections.${row.id}`;
    return {
      tenant_id: row.tenant_id,
      id: row.id,
      name: row.name,
      strategy: row.strategy,
      options: fromJson(options, row.options, `${where}.options`),
      custom_scripts: fromJson(scripts, row.custom_scripts, `${where}.custom_scripts`),
      scripts_version: Number(row.scripts_version),
      configuration: row.configuration_enc === null ? {}
        : fromJson(configuration, box.open(row.configuration_enc, context(row.id)), `${where}.configuration`),
      import_mode: toBool(row.import_mode),
      enabled_clients: fromJson(strings, row.enabled_clients, `${where}.enabled_clients`),
      created_at: row.created_at,
      updated_at: row.updated_at,
    };
  }

  const select = () => db.selectFrom('connections').selectAll().where('tenant_id', '=', tenantId);

  async function find(id: string): Promise<ConnectionRecord | undefined> {
    const row = await select().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  const sealConfig = (id: string, config: Record<string, string>) =>
    Object.keys(config).length === 0 ? null : box.seal(toJson(config), context(id));

  return {
    async create(input) {
      const id = input.id ?? prefixedId('con');
      const at = now();
      const row: ConnectionsTable = {
        tenant_id: tenantId,
        id,
        name: input.name,
        strategy: input.strategy ?? 'auth0',
        options: toJson(input.options ?? {}),
        custom_scripts: toJson(input.custom_scripts ?? {}),
        scripts_version: 1,
        configuration_enc: sealConfig(id, input.configuration ?? {}),
        import_mode: toInt(input.import_mode ?? false),
        enabled_clients: toJson(input.enabled_clients ?? []),
        created_at: at,
        updated_at: at,
      };
      await orConflict(() => db.insertInto('connections').values(row).execute(),
        () => new GatehouseError('MGMT_CONFLICT', `a connection named ${input.name} already exists`));
      return toRecord(row);
    },

    find,

    async findByName(name) {
      const row = await select().where('name', '=', name).executeTakeFirst();
      return row && toRecord(row);
    },

    async list() {
      return (await select().orderBy('name').execute()).map(toRecord);
    },

    async update(id, patch) {
      return transact(db, async (trx) => {
        const current = await trx.selectFrom('connections').selectAll()
          .where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
        if (!current) return undefined;
        const at = now();
        const set: Partial<ConnectionsTable> = { updated_at: at };
        if (patch.strategy !== undefined) set.strategy = patch.strategy;
        if (patch.options !== undefined) set.options = toJson(patch.options);
        if (patch.configuration !== undefined) set.configuration_enc = sealConfig(id, patch.configuration);
        if (patch.import_mode !== undefined) set.import_mode = toInt(patch.import_mode);
        if (patch.enabled_clients !== undefined) set.enabled_clients = toJson(patch.enabled_clients);
        if (patch.custom_scripts !== undefined && toJson(patch.custom_scripts) !== current.custom_scripts) {
          const version = Number(current.scripts_version);
          await trx.insertInto('connection_script_versions').values({
            tenant_id: tenantId, connection_id: id, version, custom_scripts: current.custom_scripts, created_at: at,
          }).execute();
          set.custom_scripts = toJson(patch.custom_scripts);
          set.scripts_version = version + 1;
        }
        await trx.updateTable('connections').set(set).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
        const row = await trx.selectFrom('connections').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirstOrThrow();
        return toRecord(row);
      });
    },

    async listScriptVersions(id) {
      const rows = await db.selectFrom('connection_script_versions').selectAll()
        .where('tenant_id', '=', tenantId).where('connection_id', '=', id).orderBy('version', 'desc').execute();
      return rows.map((r) => ({
        version: Number(r.version),
        custom_scripts: fromJson(scripts, r.custom_scripts, `connection_script_versions.${id}.${r.version}`),
        created_at: r.created_at,
      }));
    },

    async remove(id) {
      const r = await db.deleteFrom('connections').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
