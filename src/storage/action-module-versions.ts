import type { Database } from './database.ts';
import { dependenciesSchema, type ActionDependency } from './actions.ts';
import { fromJson, now, prefixedId, toJson } from './rows.ts';
import type { ActionModuleVersionsTable } from './schema.ts';

// Published, immutable, numbered versions of an Action Module. Publishing a new one changes no
// Action: each Action pins a version id.

export interface ActionModuleVersionRecord {
  tenant_id: string;
  id: string;
  module_id: string;
  number: number;
  code: string;
  dependencies: ActionDependency[];
  /** Owner id (type 'action-module-version') of this version's secrets in `secrets`. */
  secrets_ref: string;
  created_at: string;
}

export interface ActionModuleVersionQueries {
  /** Next number. Call in a transaction. */
  create(input: { module_id: string; code: string; dependencies: ActionDependency[]; id?: string }): Promise<ActionModuleVersionRecord>;
  find(id: string): Promise<ActionModuleVersionRecord | undefined>;
  findByNumber(moduleId: string, number: number): Promise<ActionModuleVersionRecord | undefined>;
  /** Newest first. */
  list(moduleId: string): Promise<ActionModuleVersionRecord[]>;
}

export function createActionModuleVersionQueries(database: Database, tenantId: string): ActionModuleVersionQueries {
  const { db } = database;
  const select = () => db.selectFrom('action_module_versions').selectAll().where('tenant_id', '=', tenantId);
  const toRecord = (row: ActionModuleVersionsTable): ActionModuleVersionRecord => ({
    ...row,
    number: Number(row.number),
    dependencies: fromJson(dependenciesSchema, row.dependencies, `action_module_versions.${row.id}.dependencies`),
  });

  return {
    async create(input) {
      const last = await db.selectFrom('action_module_versions').select((eb) => eb.fn.max('number').as('n'))
        .where('tenant_id', '=', tenantId).where('module_id', '=', input.module_id).executeTakeFirst();
      const id = input.id ?? prefixedId('modv');
      const row: ActionModuleVersionsTable = {
        tenant_id: tenantId, id, module_id: input.module_id, number: Number(last?.n ?? 0) + 1,
        code: input.code, dependencies: toJson(input.dependencies), secrets_ref: id, created_at: now(),
      };
      await db.insertInto('action_module_versions').values(row).execute();
      return toRecord(row);
    },
    async find(id) {
      const row = await select().where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },
    async findByNumber(moduleId, number) {
      const row = await select().where('module_id', '=', moduleId).where('number', '=', number).executeTakeFirst();
      return row && toRecord(row);
    },
    async list(moduleId) {
      return (await select().where('module_id', '=', moduleId).orderBy('number', 'desc').execute()).map(toRecord);
    },
  };
}
