import { z } from 'zod';
import { GatehouseError } from '../errors/index.ts';
import type { Database } from './database.ts';
import { fromJson, now, orConflict, prefixedId, toJson } from './rows.ts';
import type { ActionsTable } from './schema.ts';

// Actions as editable drafts (actions.md §9). Deployed code lives in action_versions.

export interface ActionDependency {
  name: string;
  version: string;
}

/** An Action's pin of one Action Module version (`require('actions:<module_name>')`). */
export interface ActionModulePin {
  module_id: string;
  module_name: string;
  module_version_id: string;
  module_version_number: number;
}

export interface ActionRecord {
  tenant_id: string;
  id: string;
  name: string;
  supported_triggers: Array<{ id: string; version: string }>;
  code: string;
  dependencies: ActionDependency[];
  runtime: string;
  modules: ActionModulePin[];
  /** Bumped by every draft change (secrets included). */
  revision: number;
  created_at: string;
  updated_at: string;
}

export interface CreateActionInput {
  name: string;
  trigger: { id: string; version: string };
  code: string;
  dependencies?: ActionDependency[];
  runtime: string;
  modules?: ActionModulePin[];
  id?: string;
}

export type UpdateActionInput = Partial<Omit<CreateActionInput, 'id'>>;

export interface ActionQueries {
  create(input: CreateActionInput): Promise<ActionRecord>;
  find(id: string): Promise<ActionRecord | undefined>;
  findByName(name: string): Promise<ActionRecord | undefined>;
  list(): Promise<ActionRecord[]>;
  update(id: string, patch: UpdateActionInput): Promise<ActionRecord | undefined>;
  /** A change outside the row (its secrets): bumps the revision. */
  touch(id: string): Promise<void>;
  remove(id: string): Promise<boolean>;
}

export const dependenciesSchema = z.array(z.object({ name: z.string(), version: z.string() }));
export const modulePinsSchema = z.array(z.object({
  module_id: z.string(), module_name: z.string(), module_version_id: z.string(), module_version_number: z.number().int(),
}));

export function createActionQueries(database: Database, tenantId: string): ActionQueries {
  const { db } = database;
  const select = () => db.selectFrom('actions').selectAll().where('tenant_id', '=', tenantId);

  function toRecord(row: ActionsTable): ActionRecord {
    const where = `actions.${row.id}`;
    return {
      tenant_id: row.tenant_id,
      id: row.id,
      name: row.name,
      supported_triggers: [{ id: row.trigger_id, version: row.trigger_version }],
      code: row.code,
      dependencies: fromJson(dependenciesSchema, row.dependencies, `${where}.dependencies`),
      runtime: row.runtime,
      modules: fromJson(modulePinsSchema, row.modules, `${where}.modules`),
      revision: Number(row.revision),
      created_at: row.created_at,
      updated_at: row.updated_at,
    };
  }

  const find = async (id: string) => {
    const row = await select().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  };
  const conflict = (name: string) => () => new GatehouseError('MGMT_CONFLICT', `An Action named ${name} already exists.`);

  return {
    async create(input) {
      const at = now();
      const row: ActionsTable = {
        tenant_id: tenantId,
        id: input.id ?? prefixedId('act'),
        name: input.name,
        trigger_id: input.trigger.id,
        trigger_version: input.trigger.version,
        code: input.code,
        dependencies: toJson(input.dependencies ?? []),
        runtime: input.runtime,
        modules: toJson(input.modules ?? []),
        revision: 1,
        created_at: at,
        updated_at: at,
      };
      await orConflict(() => db.insertInto('actions').values(row).execute(), conflict(input.name));
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
      const set: Partial<ActionsTable> = { updated_at: now() };
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.trigger !== undefined) {
        set.trigger_id = patch.trigger.id;
        set.trigger_version = patch.trigger.version;
      }
      if (patch.code !== undefined) set.code = patch.code;
      if (patch.dependencies !== undefined) set.dependencies = toJson(patch.dependencies);
      if (patch.runtime !== undefined) set.runtime = patch.runtime;
      if (patch.modules !== undefined) set.modules = toJson(patch.modules);
      await orConflict(
        () => db.updateTable('actions').set((eb) => ({ ...set, revision: eb('revision', '+', 1) }))
          .where('tenant_id', '=', tenantId).where('id', '=', id).execute(),
        conflict(patch.name ?? ''));
      return find(id);
    },

    async touch(id) {
      await db.updateTable('actions').set((eb) => ({ updated_at: now(), revision: eb('revision', '+', 1) }))
        .where('tenant_id', '=', tenantId).where('id', '=', id).execute();
    },

    async remove(id) {
      const r = await db.deleteFrom('actions').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
