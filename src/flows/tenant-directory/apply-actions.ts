import {
  allChangesDeployed, createAction, deployAction, getBindings, setActionSecrets, setBindings, updateAction,
  type ActionsDeps,
} from '../../extensibility/actions/index.ts';
import { createActionQueries, createSecretQueries, type ActionRecord } from '../../storage/index.ts';
import { canonical, reason, type ApplyDeps, type StepResult } from './context.ts';
import type { DirectoryAction, TenantDirectory } from './types.ts';

// actions/<name>.json + code → the tenant's Actions (matched by name) through the Actions
// engine: draft saved, secrets replaced, and deployed (unless "deployed": false) — a deploy
// makes a new version and recycles the previous version's container. An Action whose draft,
// secrets and deployment already match is left alone, so re-applying a watched folder only
// deploys what changed. Then triggers/triggers.json sets each listed trigger's bindings.

const NOT_SHOWN = '_VALUE_NOT_SHOWN_';

export async function applyActions(deps: ApplyDeps, tenantId: string, actions: readonly DirectoryAction[], env: Readonly<Record<string, string>>): Promise<StepResult> {
  const result: StepResult = { changes: [], problems: [] };
  const engine: ActionsDeps = { database: deps.database, box: deps.box, runner: deps.runner };
  const queries = createActionQueries(deps.database, tenantId);
  const store = createSecretQueries(deps.database, deps.box, tenantId);
  for (const { file, data, code } of actions) {
    const name = data.name as string;
    try {
      const secrets = secretsOf(data, env, file, result);
      const input = {
        name,
        code,
        supported_triggers: data.supported_triggers as Array<{ id: string; version?: string }>,
        dependencies: (data.dependencies as Array<{ name: string; version: string }> | undefined) ?? [],
        ...(data.runtime !== undefined ? { runtime: data.runtime as string } : {}),
      };
      const wantDeployed = data.deployed !== false;
      const existing = await queries.findByName(name);
      if (!existing) {
        const created = await createAction(engine, tenantId, { ...input, secrets });
        if (wantDeployed) await deployAction(engine, tenantId, created.id);
        result.changes.push({ kind: 'action', name, result: 'created', detail: wantDeployed ? 'deployed' : 'draft' });
        continue;
      }
      const stored = Object.fromEntries((await store.list('action', existing.id)).map((s) => [s.name, s.value]));
      const draftChanged = changed(existing, input);
      const secretsChanged = canonical(stored) !== canonical(Object.fromEntries(secrets.map((s) => [s.name, s.value])));
      if (draftChanged) await updateAction(engine, tenantId, existing.id, input);
      if (secretsChanged) await setActionSecrets(engine, tenantId, existing.id, secrets, { replace: true });
      const needsDeploy = wantDeployed && (draftChanged || secretsChanged || !(await allChangesDeployed(engine, tenantId, existing.id)));
      if (needsDeploy) {
        const version = await deployAction(engine, tenantId, existing.id);
        result.changes.push({ kind: 'action', name, result: 'updated', detail: `version ${version.number} deployed` });
      } else {
        result.changes.push({ kind: 'action', name, result: draftChanged || secretsChanged ? 'updated' : 'unchanged' });
      }
    } catch (err) {
      result.problems.push({ file, message: `not applied: ${reason(err)}` });
    }
  }
  return result;
}

/** Secret values from the file, or — when left empty, as exports leave them — from the env file by name. */
function secretsOf(data: Record<string, unknown>, env: Readonly<Record<string, string>>, file: string, result: StepResult): Array<{ name: string; value: string }> {
  const out: Array<{ name: string; value: string }> = [];
  for (const s of (data.secrets as Array<{ name: string; value?: string }> | undefined) ?? []) {
    const value = s.value !== undefined && s.value !== '' && s.value !== NOT_SHOWN ? s.value : env[s.name];
    if (value === undefined) result.problems.push({ file, message: `secret ${s.name} has no value (add ${s.name}=… to the env file)` });
    else out.push({ name: s.name, value });
  }
  return out;
}

function changed(existing: ActionRecord, input: { code: string; supported_triggers: Array<{ id: string; version?: string }>; dependencies: Array<{ name: string; version: string }>; runtime?: string }): boolean {
  if (existing.code !== input.code) return true;
  if (canonical(existing.dependencies) !== canonical(input.dependencies)) return true;
  // The engine stores runtimes normalised (node18 → node18-actions): an alias is not a change.
  if (input.runtime !== undefined && !existing.runtime.startsWith(input.runtime)) return true;
  return existing.supported_triggers[0]?.id !== input.supported_triggers[0]?.id;
}

export async function applyTriggers(deps: ApplyDeps, tenantId: string, triggers: TenantDirectory['triggers'], file = 'triggers/triggers.json'): Promise<StepResult> {
  const result: StepResult = { changes: [], problems: [] };
  if (!triggers) return result;
  const engine: ActionsDeps = { database: deps.database, box: deps.box, runner: deps.runner };
  for (const [trigger, bindings] of Object.entries(triggers)) {
    try {
      const current = await getBindings(engine, tenantId, trigger);
      const same = current.length === bindings.length
        && current.every((b, i) => b.action_name === bindings[i].action_name && b.display_name === (bindings[i].display_name ?? bindings[i].action_name));
      if (same) {
        result.changes.push({ kind: 'trigger', name: trigger, result: 'unchanged' });
        continue;
      }
      await setBindings(engine, tenantId, trigger, bindings.map((b) => ({ ref: { type: 'action_name', value: b.action_name }, display_name: b.display_name ?? b.action_name })));
      result.changes.push({ kind: 'trigger', name: trigger, result: 'updated', detail: bindings.map((b) => b.action_name).join(' → ') || '(none)' });
    } catch (err) {
      result.problems.push({ file, message: `${trigger}: not applied: ${reason(err)}` });
    }
  }
  return result;
}
