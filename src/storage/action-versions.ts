import type { Database } from './database.ts';
import { dependenciesSchema, modulePinsSchema, type ActionDependency, type ActionModulePin } from './actions.ts';
import { fromJson, now, prefixedId, toBool, toJson } from './rows.ts';
import type { ActionVersionsTable } from './schema.ts';

// Immutable, numbered snapshots of an Action's draft (actions.md §9). At most one per Action is
// deployed; only that one runs.

export interface ActionVersionRecord {
  tenant_id: string;
  id: string;
  action_id: string;
  number: number;
  deployed: boolean;
  supported_triggers: Array<{ id: string; version: string }>;
  code: string;
  dependencies: ActionDependency[];
  runtime: string;
  modules: ActionModulePin[];
  /** Owner id (type 'action-version') of this version's secrets in `secrets`. */
  secrets_ref: string;
  /** The draft revision this version was made from. */
  draft_revision: number;
  built_at: string;
  created_at: string;
}

export interface CreateActionVersionInput {
  action_id: string;
  trigger: { id: string; version: string };
  code: string;
  dependencies: ActionDependency[];
  runtime: string;
  modules: ActionModulePin[];
  draft_revision: number;
  built_at: string;
  id?: string;
}

export interface ActionVersionQueries {
  /** Next number, deployed; every other version of the Action becomes not deployed. Call in a transaction. */
  createDeployed(input: CreateActionVersionInput): Promise<ActionVersionRecord>;
  find(id: string): Promise<ActionVersionRecord | undefined>;
  /** Newest first. */
  list(actionId: string): Promise<ActionVersionRecord[]>;
  deployed(actionId: string): Promise<ActionVersionRecord | undefined>;
}

export function toActionVersionRecord(row: ActionVersionsTable): ActionVersionRecord {
  const where = `action_versions.${row.id}`;
  return {
    tenant_id: row.tenant_id,
    id: row.id,
    action_id: row.action_id,
    number: Number(row.number),
    deployed: toBool(row.deployed),
    supported_triggers: [{ id: row.trigger_id, version: row.trigger_version }],
    code: row.code,
    dependencies: fromJson(dependenciesSchema, row.dependencies, `${where}.dependencies`),
    runtime: row.runtime,
    modules: fromJson(modulePinsSchema, row.modules, `${where}.modules`),
    secrets_ref: row.secrets_ref,
    draft_revision: Number(row.draft_revision),
    built_at: row.built_at,
    created_at: row.created_at,
  };
}

export function createActionVersionQueries(database: Database, tenantId: string): ActionVersionQueries {
  const { db } = database;
  const select = () => db.selectFrom('action_versions').selectAll().where('tenant_id', '=', tenantId);

  return {
    async createDeployed(input) {
      const last = await db.selectFrom('action_versions').select((eb) => eb.fn.max('number').as('n'))
        .where('tenant_id', '=', tenantId).where('action_id', '=', input.action_id).executeTakeFirst();
      const id = input.id ?? prefixedId('actv');
      await db.updateTable('action_versions').set({ deployed: 0 })
        .where('tenant_id', '=', tenantId).where('action_id', '=', input.action_id).where('deployed', '=', 1).execute();
      const row: ActionVersionsTable = {
        tenant_id: tenantId,
        id,
        action_id: input.action_id,
        number: Number(last?.n ?? 0) + 1,
        deployed: 1,
        trigger_id: input.trigger.id,
        trigger_version: input.trigger.version,
        code: input.code,
        dependencies: toJson(input.dependencies),
        runtime: input.runtime,
        modules: toJson(input.modules),
        secrets_ref: id,
        draft_revision: input.draft_revision,
        built_at: input.built_at,
        created_at: now(),
      };
      await db.insertInto('action_versions').values(row).execute();
      return toActionVersionRecord(row);
    },

    async find(id) {
      const row = await select().where('id', '=', id).executeTakeFirst();
      return row && toActionVersionRecord(row);
    },

    async list(actionId) {
      return (await select().where('action_id', '=', actionId).orderBy('number', 'desc').execute()).map(toActionVersionRecord);
    },

    async deployed(actionId) {
      const row = await select().where('action_id', '=', actionId).where('deployed', '=', 1).executeTakeFirst();
      return row && toActionVersionRecord(row);
    },
  };
}
