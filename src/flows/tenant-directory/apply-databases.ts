import { saveCustomDbConnection } from '../../extensibility/custom-db/index.ts';
import { createClientQueries, createConnectionQueries, type ConnectionRecord } from '../../storage/index.ts';
import { createManagementExtrasQueries } from '../../storage/management-extras.ts';
import { canonical, reason, split, type ApplyDeps, type StepResult } from './context.ts';
import type { DirectoryDatabase } from './types.ts';

// database-connections/<name>/ → the tenant's database connections, matched by name. With
// scripts (or options.enabledDatabaseCustomization) it is a custom database connection, saved
// through saveCustomDbConnection: scripts checked for size and syntax, modules installed, a new
// scripts_version, so running containers retire the old code. Unchanged connections are left
// alone (no new version), which is what makes a watched folder cheap to re-apply.
// enabled_clients names applications (as the deploy CLI writes them); they are mapped to ids.

const TOP_FIELDS = ['name', 'strategy', 'enabled_clients', 'options'] as const;

interface DatabaseOptions {
  configuration?: Record<string, string>;
  import_mode?: boolean;
  enabledDatabaseCustomization?: boolean;
  [key: string]: unknown;
}

export async function applyDatabases(deps: ApplyDeps, tenantId: string, databases: readonly DirectoryDatabase[], env: Readonly<Record<string, string>>): Promise<StepResult> {
  const result: StepResult = { changes: [], problems: [] };
  const connections = createConnectionQueries(deps.database, deps.box, tenantId);
  const extrasQueries = createManagementExtrasQueries(deps.database, tenantId);
  const clients = await createClientQueries(deps.database, deps.box, tenantId).list();
  for (const { file, data, scripts } of databases) {
    const { known, extras } = split(data, TOP_FIELDS);
    const name = known.name as string;
    const { configuration: rawConfiguration, import_mode: importMode, ...options } = (known.options ?? {}) as DatabaseOptions;
    try {
      const enabledClients: string[] = [];
      for (const clientName of (known.enabled_clients as string[] | undefined) ?? []) {
        const client = clients.find((c) => c.name === clientName || c.client_id === clientName);
        if (client) enabledClients.push(client.client_id);
        else result.problems.push({ file, message: `enabled_clients: no application named "${clientName}"; left out` });
      }
      const configuration = fillConfiguration(rawConfiguration, env, file, result);
      const existing = await connections.findByName(name);
      const custom = Object.keys(scripts).length > 0 || options.enabledDatabaseCustomization === true;
      const desired = { custom_scripts: scripts, configuration: configuration ?? existing?.configuration ?? {}, import_mode: importMode ?? existing?.import_mode ?? false, enabled_clients: enabledClients };
      const extrasChanged = existing ? canonical(await extrasQueries.get('connection', existing.id)) !== canonical(extras) : true;
      if (existing && !extrasChanged && !changed(existing, desired, options)) {
        result.changes.push({ kind: 'connection', name, result: 'unchanged' });
        continue;
      }
      let saved: ConnectionRecord;
      if (custom) {
        const { connection } = await saveCustomDbConnection({ database: deps.database, box: deps.box, moduleCacheDir: deps.moduleCacheDir }, {
          tenantId, name, scripts, configuration, importMode, options, enabledClients,
        });
        saved = connection;
      } else if (existing) {
        saved = (await connections.update(existing.id, { options: { ...existing.options, ...options }, enabled_clients: enabledClients }))!;
      } else {
        saved = await connections.create({ name, strategy: 'auth0', options, enabled_clients: enabledClients });
      }
      await extrasQueries.set('connection', saved.id, extras);
      const detail = custom ? `scripts version ${saved.scripts_version}` : undefined;
      result.changes.push({ kind: 'connection', name, result: existing ? 'updated' : 'created', detail });
    } catch (err) {
      result.problems.push({ file, message: `not applied: ${reason(err)}` });
    }
  }
  return result;
}

/** Configuration values left empty in the file come from the env file, by the same key. */
function fillConfiguration(configuration: Record<string, string> | undefined, env: Readonly<Record<string, string>>, file: string, result: StepResult): Record<string, string> | undefined {
  if (configuration === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(configuration)) {
    if (value !== '' && value !== '_VALUE_NOT_SHOWN_') out[key] = value;
    else if (env[key] !== undefined) out[key] = env[key];
    else result.problems.push({ file, message: `options.configuration.${key} has no value (add ${key}=… to the env file)` });
  }
  return out;
}

function changed(existing: ConnectionRecord, desired: { custom_scripts: Record<string, string>; configuration: Record<string, string>; import_mode: boolean; enabled_clients: string[] }, options: Record<string, unknown>): boolean {
  if (canonical(existing.custom_scripts) !== canonical(desired.custom_scripts)) return true;
  if (canonical(existing.configuration) !== canonical(desired.configuration)) return true;
  if (existing.import_mode !== desired.import_mode) return true;
  if (canonical([...existing.enabled_clients].sort()) !== canonical([...desired.enabled_clients].sort())) return true;
  return Object.entries(options).some(([key, value]) => canonical(existing.options[key]) !== canonical(value));
}
