import type { Database } from './database.ts';
import { now, prefixedId } from './rows.ts';
import { toActionVersionRecord, type ActionVersionRecord } from './action-versions.ts';

// The ordered list of Actions bound to each trigger (actions.md §9): replaced as a whole;
// position = execution order. A binding points at an Action; its deployed version runs.

export interface ActionBindingRecord {
  id: string;
  trigger_id: string;
  position: number;
  action_id: string;
  action_name: string;
  display_name: string;
  created_at: string;
}

/** One step of a trigger's flow: a binding with the deployed version of its Action. */
export interface FlowStep {
  binding_id: string;
  action_id: string;
  action_name: string;
  version: ActionVersionRecord;
}

export interface ActionBindingQueries {
  list(triggerId: string): Promise<ActionBindingRecord[]>;
  /** Replaces the trigger's list. Call in a transaction. */
  replace(triggerId: string, items: ReadonlyArray<{ action_id: string; display_name: string }>): Promise<ActionBindingRecord[]>;
  /** The bound Actions that have a deployed version, in order, with that version (one query). */
  flow(triggerId: string): Promise<FlowStep[]>;
  /** Triggers an Action is bound to. */
  triggersOf(actionId: string): Promise<string[]>;
}

export function createActionBindingQueries(database: Database, tenantId: string): ActionBindingQueries {
  const { db } = database;

  async function list(triggerId: string): Promise<ActionBindingRecord[]> {
    const rows = await db.selectFrom('action_bindings as b')
      .innerJoin('actions as a', (j) => j.onRef('a.tenant_id', '=', 'b.tenant_id').onRef('a.id', '=', 'b.action_id'))
      .select(['b.id', 'b.trigger_id', 'b.position', 'b.action_id', 'a.name as action_name', 'b.display_name', 'b.created_at'])
      .where('b.tenant_id', '=', tenantId).where('b.trigger_id', '=', triggerId)
      .orderBy('b.position').execute();
    return rows.map((r) => ({ ...r, position: Number(r.position) }));
  }

  return {
    list,

    async replace(triggerId, items) {
      await db.deleteFrom('action_bindings').where('tenant_id', '=', tenantId).where('trigger_id', '=', triggerId).execute();
      const at = now();
      if (items.length > 0) {
        await db.insertInto('action_bindings').values(items.map((item, position) => ({
          tenant_id: tenantId, id: prefixedId('bnd'), trigger_id: triggerId, position,
          action_id: item.action_id, display_name: item.display_name, created_at: at,
        }))).execute();
      }
      return list(triggerId);
    },

    async flow(triggerId) {
      const rows = await db.selectFrom('action_bindings as b')
        .innerJoin('actions as a', (j) => j.onRef('a.tenant_id', '=', 'b.tenant_id').onRef('a.id', '=', 'b.action_id'))
        .innerJoin('action_versions as v', (j) => j.onRef('v.tenant_id', '=', 'b.tenant_id').onRef('v.action_id', '=', 'b.action_id'))
        .selectAll('v')
        .select(['b.id as binding_id', 'a.name as action_name', 'b.position as binding_position'])
        .where('b.tenant_id', '=', tenantId).where('b.trigger_id', '=', triggerId).where('v.deployed', '=', 1)
        .orderBy('b.position').execute();
      return rows.map(({ binding_id, action_name, binding_position: _p, ...version }) => ({
        binding_id, action_id: version.action_id, action_name, version: toActionVersionRecord(version),
      }));
    },

    async triggersOf(actionId) {
      const rows = await db.selectFrom('action_bindings').select('trigger_id').distinct()
        .where('tenant_id', '=', tenantId).where('action_id', '=', actionId).execute();
      return rows.map((r) => r.trigger_id);
    },
  };
}
