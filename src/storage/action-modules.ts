import { GatehouseError } from '../errors/index.ts';
import type { Database } from './database.ts';
import { dependenciesSchema, type ActionDependency } from './actions.ts';
import { fromJson, now, orConflict, prefixedId, toJson } from './rows.ts';
import type { ActionModulesTable } from './schema.ts';

// Action Modules (actions.md §9): shared code an Action pins by version and requires as
// `actions:<name>`. This is the module's draft; published versions are in action_module_versions.

export interface ActionModuleRecord {
  tenant_id: string;
  id: string;
  name: string;
  code: string;
  dependencies: ActionDependency[];
  created_at: string;
  updated_at: string;
}

export interface ActionModuleQueries {
  create(input: { name: string; code: string; dependencies?: ActionDependency[]; id?: string }): Promise<ActionModuleRecord>;
  find(id: string): Promise<ActionModuleRecord | undefined>;
  findByName(name: string): Promise<ActionModuleRecord | undefined>;
  list(): Promise<ActionModuleRecord[]>;
  update(id: string, patch: { code?: string; dependencies?: ActionDependency[] }): Promise<ActionModuleRecord | undefined>;
}

export function createActionModuleQueries(database: Database, tenantId: string): ActionModuleQueries {
  const { db } = database;
  const select = () => db.selectFrom('action_modules').selectAll().where('tenant_id', '=', tenantId);
  const toRecord = (row: ActionModulesTable): ActionModuleRecord => ({
    ...row,
    dependencies: fromJson(dependenciesSchema, row.dependencies, `action_modules.${row.id}.dependencies`),
  });
  const find = async (id: string) => {
    const row = await select().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  };

  return {
    async create(input) {
      const at = now();
      const row: ActionModulesTable = {
        tenant_id: tenantId, id: input.id ?? prefixedId('mod'), name: input.name, code: input.code,
        dependencies: toJson(input.dependencies ?? []), created_at: at, updated_at: at,
      };
      await orConflict(() => db.insertInto('action_modules').values(row).execute(),
        () => new GatehouseError('MGMT_CONFLICT', `An Action Module named ${input.name} already exists.`));
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
      const set: Partial<ActionModulesTable> = { updated_at: now() };
      if (patch.code !== undefined) set.code = patch.code;
      if (patch.dependencies !== undefined) set.dependencies = toJson(patch.dependencies);
      await db.updateTable('action_modules').set(set).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
      return find(id);
    },
  };
}
