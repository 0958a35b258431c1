import { z } from 'zod';
import { GatehouseError } from '../../errors/index.ts';
import {
  createAction, deployAction, getBindings, listModules, listModuleVersions, listVersions, rollbackAction, setActionSecrets, setBindings, testAction, TRIGGERS, triggerVersions, updateAction,
  type ActionsDeps,
} from '../../extensibility/actions/index.ts';
import { createActionQueries, createActionVersionQueries, createSecretQueries, type ActionRecord } from '../../storage/index.ts';
import type { ManagementContext } from '../context.ts';
import { paging } from '../pagination.ts';
import { route, type ManagementRoute } from '../route.ts';
import { idParams } from '../schemas.ts';
import { renderAction, renderVersion } from './render.ts';
import { action, actionVersion, bindingsBody, createActionBody, deleteActionQuery, listActionsQuery, testActionBody, updateActionBody } from './schemas.ts';

const deps = (context: ManagementContext): ActionsDeps => ({ database: context.database, box: context.box, runner: context.runner, logger: context.logger });

async function findAction(context: ManagementContext, tenantId: string, id: string): Promise<ActionRecord> {
  const found = await createActionQueries(context.database, tenantId).find(id);
  if (!found) throw new GatehouseError('MGMT_NOT_FOUND', 'The Action does not exist.');
  return found;
}

const versionParams = z.object({ id: z.string().min(1).max(128), versionId: z.string().min(1).max(128) });
const triggerParams = z.object({ triggerId: z.string().min(1).max(64) });

/** Which triggers an Action is bound to. */
async function boundTo(context: ManagementContext, tenantId: string, actionId: string): Promise<string[]> {
  const out: string[] = [];
  for (const trigger of TRIGGERS) {
    if ((await getBindings(deps(context), tenantId, trigger)).some((b) => b.action_id === actionId)) out.push(trigger);
  }
  return out;
}

export const actionRoutes: readonly ManagementRoute[] = [
  route({
    method: 'GET', url: '/actions/actions', scopes: ['read:actions'], query: listActionsQuery,
    async handler({ context, tenantId, query }) {
      let all = await createActionQueries(context.database, tenantId).list();
      if (query.triggerId) all = all.filter((a) => a.supported_triggers.some((t) => t.id === query.triggerId));
      if (query.actionName) all = all.filter((a) => a.name === query.actionName);
      if (query.installed === 'true') all = [];
      const rendered = [];
      for (const a of all) rendered.push(await renderAction(deps(context), tenantId, a));
      const filtered = query.deployed === undefined ? rendered : rendered.filter((a) => (a.deployed_version !== undefined) === (query.deployed === 'true'));
      const p = paging(query);
      return { total: filtered.length, page: p.page, per_page: p.perPage, actions: filtered.slice(p.offset, p.offset + p.perPage) };
    },
  }),
  route({
    method: 'POST', url: '/actions/actions', scopes: ['create:actions'], body: createActionBody, response: action, status: 201,
    async handler({ context, tenantId, body }) {
      if (await createActionQueries(context.database, tenantId).findByName(body.name)) {
        throw new GatehouseError('MGMT_CONFLICT', `An Action named ${body.name} already exists.`);
      }
      const created = await createAction(deps(context), tenantId, body);
      return renderAction(deps(context), tenantId, (await createActionQueries(context.database, tenantId).find(created.id)) ?? created);
    },
  }),
  route({
    method: 'GET', url: '/actions/actions/:id', scopes: ['read:actions'], params: idParams, response: action,
    async handler({ context, tenantId, params }) {
      return renderAction(deps(context), tenantId, await findAction(context, tenantId, params.id));
    },
  }),
  route({
    method: 'PATCH', url: '/actions/actions/:id', scopes: ['update:actions'], params: idParams, body: updateActionBody, response: action,
    async handler({ context, tenantId, params, body }) {
      await findAction(context, tenantId, params.id);
      const { secrets, deploy, ...draft } = body;
      if (body.name !== undefined) {
        const clash = await createActionQueries(context.database, tenantId).findByName(body.name);
        if (clash && clash.id !== params.id) throw new GatehouseError('MGMT_CONFLICT', `An Action named ${body.name} already exists.`);
      }
      await updateAction(deps(context), tenantId, params.id, draft);
      // Auth0 replaces the draft's secret list with the one sent (values are write-only, so a
      // secret sent without a value it already has keeps that value).
      if (secrets !== undefined) await setActionSecrets(deps(context), tenantId, params.id, secrets, { replace: true });
      if (deploy) await deployAction(deps(context), tenantId, params.id);
      return renderAction(deps(context), tenantId, await findAction(context, tenantId, params.id));
    },
  }),
  route({
    method: 'DELETE', url: '/actions/actions/:id', scopes: ['delete:actions'], params: idParams, query: deleteActionQuery, status: 204,
    async handler({ context, tenantId, params, query }) {
      await findAction(context, tenantId, params.id);
      const bound = await boundTo(context, tenantId, params.id);
      if (bound.length > 0 && query.force !== 'true') {
        throw new GatehouseError('MGMT_CONFLICT', `The Action is bound to ${bound.join(', ')}; unbind it first or delete with force=true.`);
      }
      for (const trigger of bound) {
        const remaining = (await getBindings(deps(context), tenantId, trigger)).filter((b) => b.action_id !== params.id);
        await setBindings(deps(context), tenantId, trigger, remaining.map((b) => ({ ref: { type: 'action_id' as const, value: b.action_id }, display_name: b.display_name })));
      }
      const secrets = createSecretQueries(context.database, context.box, tenantId);
      for (const version of await listVersions(deps(context), tenantId, params.id)) await secrets.removeAll('action-version', version.secrets_ref);
      await secrets.removeAll('action', params.id);
      await createActionQueries(context.database, tenantId).remove(params.id);
      return undefined;
    },
  }),
  route({
    method: 'POST', url: '/actions/actions/:id/deploy', scopes: ['create:actions', 'update:actions'], params: idParams, response: actionVersion, status: 202,
    async handler({ context, tenantId, params }) {
      const found = await findAction(context, tenantId, params.id);
      const version = await deployAction(deps(context), tenantId, params.id);
      return renderVersion(deps(context), tenantId, version, found);
    },
  }),
  route({
    method: 'GET', url: '/actions/actions/:id/versions', scopes: ['read:actions'], params: idParams, query: z.object({ page: z.coerce.number().int().min(0).optional(), per_page: z.coerce.number().int().min(1).max(100).optional() }),
    async handler({ context, tenantId, params, query }) {
      const found = await findAction(context, tenantId, params.id);
      const all = await listVersions(deps(context), tenantId, params.id);
      const p = paging(query);
      const versions = [];
      for (const v of all.slice(p.offset, p.offset + p.perPage)) versions.push(await renderVersion(deps(context), tenantId, v, found));
      return { total: all.length, page: p.page, per_page: p.perPage, versions };
    },
  }),
  route({
    method: 'GET', url: '/actions/actions/:id/versions/:versionId', scopes: ['read:actions'], params: versionParams, response: actionVersion,
    async handler({ context, tenantId, params }) {
      const found = await findAction(context, tenantId, params.id);
      const version = await createActionVersionQueries(context.database, tenantId).find(params.versionId);
      if (!version || version.action_id !== found.id) throw new GatehouseError('MGMT_NOT_FOUND', 'The Action version does not exist.');
      return renderVersion(deps(context), tenantId, version, found);
    },
  }),
  route({
    method: 'POST', url: '/actions/actions/:id/versions/:versionId/deploy', scopes: ['create:actions', 'update:actions'], params: versionParams, response: actionVersion, status: 202,
    async handler({ context, tenantId, params }) {
      const found = await findAction(context, tenantId, params.id);
      const version = await rollbackAction(deps(context), tenantId, found.id, params.versionId);
      return renderVersion(deps(context), tenantId, version, found);
    },
  }),
  route({
    method: 'POST', url: '/actions/actions/:id/test', scopes: ['create:actions', 'update:actions'], params: idParams, body: testActionBody,
    response: z.object({ payload: z.record(z.string(), z.unknown()) }),
    async handler({ context, tenantId, params, body }) {
      await findAction(context, tenantId, params.id);
      const result = await testAction(deps(context), { tenantId, actionId: params.id, event: body.payload });
      return {
        payload: {
          commands: result.commands, logs: result.logs, stats: { duration_ms: result.durationMs },
          ...(result.error !== undefined ? { error: result.error } : {}), ...(result.redirect ? { redirect: result.redirect } : {}),
        },
      };
    },
  }),
  route({
    // Read-only here (modules are published with the CLI); the deploy CLI lists them to map names.
    method: 'GET', url: '/actions/modules', scopes: ['read:actions'],
    query: z.object({ page: z.coerce.number().int().min(0).optional(), per_page: z.coerce.number().int().min(1).max(100).optional() }),
    async handler({ context, tenantId, query }) {
      const all = await listModules(deps(context), tenantId);
      const p = paging(query);
      const modules = [];
      for (const mod of all.slice(p.offset, p.offset + p.perPage)) {
        const versions = await listModuleVersions(deps(context), tenantId, mod.id);
        modules.push({
          id: mod.id, name: mod.name, code: mod.code, dependencies: mod.dependencies, created_at: mod.created_at, updated_at: mod.updated_at,
          ...(versions[0] ? { latest_version: { id: versions[0].id, version_number: versions[0].number } } : {}),
        });
      }
      return { total: all.length, page: p.page, per_page: p.perPage, modules };
    },
  }),
  route({
    method: 'GET', url: '/actions/triggers', scopes: ['read:actions'],
    async handler() {
      const triggers = TRIGGERS.flatMap((id) => triggerVersions[id].map((version, i, all) => ({
        id, version, status: i === all.length - 1 ? 'CURRENT' : 'DEPRECATED', runtimes: ['node18', 'node22'], default_runtime: 'node22',
        compatible_triggers: [], binding_policy: 'trigger-bound',
      })));
      return { triggers };
    },
  }),
  route({
    method: 'GET', url: '/actions/triggers/:triggerId/bindings', scopes: ['read:actions'], params: triggerParams,
    query: z.object({ page: z.coerce.number().int().min(0).optional(), per_page: z.coerce.number().int().min(1).max(100).optional() }),
    async handler({ context, tenantId, params, query }) {
      const all = await renderBindings(context, tenantId, params.triggerId);
      const p = paging(query);
      return { total: all.length, page: p.page, per_page: p.perPage, bindings: all.slice(p.offset, p.offset + p.perPage) };
    },
  }),
  route({
    method: 'PATCH', url: '/actions/triggers/:triggerId/bindings', scopes: ['update:actions', 'update:triggers'], params: triggerParams, body: bindingsBody,
    async handler({ context, tenantId, params, body }) {
      await setBindings(deps(context), tenantId, params.triggerId, body.bindings.map((b) => ({ ref: b.ref, display_name: b.display_name })));
      return { bindings: await renderBindings(context, tenantId, params.triggerId) };
    },
  }),
];

async function renderBindings(context: ManagementContext, tenantId: string, trigger: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const b of await getBindings(deps(context), tenantId, trigger)) {
    const found = await createActionQueries(context.database, tenantId).find(b.action_id);
    out.push({
      id: b.id, trigger_id: b.trigger_id, display_name: b.display_name, created_at: b.created_at, updated_at: b.created_at,
      action: found ? await renderAction(deps(context), tenantId, found) : { id: b.action_id, name: b.action_name },
    });
  }
  return out;
}
