// Shared by the Actions engine tests: a migrated database per dialect with a tenant, a real
// runtime (worker backend, short limits) and helpers to create, deploy and bind Actions.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryActionCache } from '../../../src/cache/memory-action-cache.ts';
import { createScriptRunner, type ScriptRunner } from '../../../src/extensibility/custom-db/script-runner.ts';
import { createAction, deployAction, setBindings, type ActionInput, type ActionsDeps, type TriggerId } from '../../../src/extensibility/actions/index.ts';
import type { ActionRecord, Database } from '../../../src/storage/index.ts';
import { createSecretBox } from '../../../src/storage/secret-box.ts';
import { createTenantQueries } from '../../../src/storage/tenants.ts';
import { dialects as allDialects, type TestDialect } from '../../helpers/dialects.ts';

export { allDialects as dialects, type TestDialect };

export interface Fixture {
  readonly database: Database;
  readonly runner: ScriptRunner;
  readonly tenantId: string;
  readonly deps: ActionsDeps;
  close(): Promise<void>;
}

export function startRunner(timeoutMs = 5000): { runner: ScriptRunner; dispose(): Promise<void> } {
  const moduleCacheDir = mkdtempSync(join(tmpdir(), 'gh-actions-'));
  const runner = createScriptRunner({ backend: 'worker', moduleCacheDir, timeoutMs, heapMb: 64, maxContainers: 32, idleMs: 60_000, spares: 0, queueTimeoutMs: 10_000 });
  return { runner, async dispose() { await runner.close(); rmSync(moduleCacheDir, { recursive: true, force: true }); } };
}

/** A tenant on a fresh migrated database; `cache` defaults to the storage table. */
export async function fixture(dialect: TestDialect, runner: ScriptRunner, extra: Partial<ActionsDeps> = {}): Promise<Fixture> {
  const database = await dialect.openMigrated();
  const tenantId = (await createTenantQueries(database).create({ name: `t${randomBytes(4).toString('hex')}` })).id;
  const deps: ActionsDeps = { database, box: createSecretBox(randomBytes(32)), runner, ...extra };
  return { database, runner, tenantId, deps, close: () => database.close() };
}

export { createMemoryActionCache };

/** Creates, deploys and binds Actions to a trigger, in order. */
export async function bind(f: Fixture, trigger: TriggerId, actions: ReadonlyArray<Omit<ActionInput, 'supported_triggers'> & { name: string; code: string }>): Promise<ActionRecord[]> {
  const created: ActionRecord[] = [];
  for (const a of actions) {
    const action = await createAction(f.deps, f.tenantId, { ...a, supported_triggers: [{ id: trigger }] });
    await deployAction(f.deps, f.tenantId, action.id);
    created.push(action);
  }
  await setBindings(f.deps, f.tenantId, trigger, created.map((a) => ({ ref: { type: 'action_id', value: a.id } })));
  return created;
}

let counter = 0;
export function uniqueName(prefix = 'action'): string {
  counter += 1;
  return `${prefix}-${counter}-${randomBytes(3).toString('hex')}`;
}

export function postLoginEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    tenant: { id: 'acme' },
    user: { user_id: 'auth0|u1', email: 'jane@example.com', user_metadata: { lang: 'en' }, app_metadata: {} },
    client: { client_id: 'c1', name: 'App', metadata: {} },
    connection: { id: 'con_1', name: 'Username-Password-Authentication', strategy: 'auth0' },
    request: { ip: '127.0.0.1', hostname: 'acme.example.com', method: 'GET', query: {}, body: {}, geoip: {} },
    transaction: { protocol: 'oidc-basic-profile', requested_scopes: ['openid'], prompt: [] },
    stats: { logins_count: 3 },
    ...overrides,
  };
}
