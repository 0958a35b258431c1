// Trigger bindings (actions.md §9): the whole ordered list is replaced at once; only deployed
// Actions supporting the trigger can be bound.
import { GatehouseError } from '../../errors/index.ts';
import { createActionBindingQueries, createActionQueries, createActionVersionQueries, inTransaction, type ActionBindingRecord } from '../../storage/index.ts';
import { invalidatePlans } from './flow-plan.ts';
import { limitsOf } from './limits.ts';
import { isTriggerId, type ActionsDeps, type TriggerId } from './types.ts';

export interface BindingRef {
  readonly ref: { readonly type: 'action_id' | 'action_name' | 'binding_id'; readonly value: string };
  readonly display_name?: string;
}

function triggerOf(value: string): TriggerId {
  if (!isTriggerId(value)) throw new GatehouseError('ACTION_BINDINGS_INVALID', `Unknown trigger "${value}".`);
  return value;
}

export async function getBindings(deps: ActionsDeps, tenantId: string, trigger: string): Promise<ActionBindingRecord[]> {
  return createActionBindingQueries(deps.database, tenantId).list(triggerOf(trigger));
}

export async function setBindings(deps: ActionsDeps, tenantId: string, trigger: string, refs: readonly BindingRef[]): Promise<ActionBindingRecord[]> {
  const triggerId = triggerOf(trigger);
  const limit = limitsOf(deps.limits).bindingsPerTrigger;
  if (refs.length > limit) throw new GatehouseError('ACTION_BINDINGS_INVALID', `A trigger can have at most ${limit} bound Actions.`);
  const result = await inTransaction(deps.database, async (tx) => {
    const actions = createActionQueries(tx, tenantId);
    const versions = createActionVersionQueries(tx, tenantId);
    const bindings = createActionBindingQueries(tx, tenantId);
    const current = await bindings.list(triggerId);
    const items: Array<{ action_id: string; display_name: string }> = [];
    for (const { ref, display_name } of refs) {
      const actionId = ref?.type === 'binding_id' ? current.find((b) => b.id === ref.value)?.action_id
        : ref?.type === 'action_name' ? (await actions.findByName(ref.value))?.id
          : ref?.type === 'action_id' ? ref.value : undefined;
      const action = actionId === undefined ? undefined : await actions.find(actionId);
      if (!action) throw new GatehouseError('ACTION_BINDINGS_INVALID', `No Action matches the binding ${ref?.type ?? '?'} "${ref?.value ?? ''}".`);
      if (action.supported_triggers[0].id !== triggerId) {
        throw new GatehouseError('ACTION_TRIGGER_MISMATCH', `The Action ${action.name} supports ${action.supported_triggers[0].id}, not ${triggerId}.`);
      }
      if (!(await versions.deployed(action.id))) throw new GatehouseError('ACTION_NOT_DEPLOYED', `The Action ${action.name} has no deployed version; deploy it first.`);
      if (items.some((i) => i.action_id === action.id)) throw new GatehouseError('ACTION_BINDINGS_INVALID', `The Action ${action.name} is bound twice.`);
      items.push({ action_id: action.id, display_name: display_name ?? action.name });
    }
    return bindings.replace(triggerId, items);
  });
  invalidatePlans(deps.database, tenantId);
  return result;
}
