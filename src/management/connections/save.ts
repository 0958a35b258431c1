import { GatehouseError } from '../../errors/index.ts';
import { saveCustomDbConnection, validateConnectionName, validateScripts } from '../../extensibility/custom-db/index.ts';
import { createConnectionQueries, type ConnectionRecord } from '../../storage/index.ts';
import type { ManagementContext } from '../context.ts';
import { unmaskConfiguration } from './render.ts';

export interface ConnectionWrite {
  readonly name: string;
  /** The whole options object (Auth0's PATCH replaces it); undefined → options unchanged. */
  readonly options?: Record<string, unknown> & { customScripts?: Record<string, string>; configuration?: Record<string, string> | null };
  readonly enabledClients?: readonly string[];
}

/**
 * Creates or updates a database connection from Auth0's shape. Custom database connections go
 * through the custom-db library (size and syntax of every script, configuration sealed, modules
 * installed before anything is stored); the options object is then stored exactly as sent.
 */
export async function writeConnection(context: ManagementContext, tenantId: string, write: ConnectionWrite, existing?: ConnectionRecord): Promise<ConnectionRecord> {
  const connections = createConnectionQueries(context.database, context.box, tenantId);
  if (write.options === undefined) {
    if (!existing) throw new GatehouseError('SERVER_ERROR', 'a new connection needs its options');
    const updated = await connections.update(existing.id, write.enabledClients ? { enabled_clients: [...write.enabledClients] } : {});
    return updated ?? existing;
  }
  const { customScripts, configuration: rawConfiguration, ...rest } = write.options;
  const configuration = rawConfiguration === undefined || rawConfiguration === null ? undefined
    : unmaskConfiguration(rawConfiguration, existing?.configuration ?? {});
  const importMode = rest.import_mode === true;
  const custom = rest.enabledDatabaseCustomization === true;
  if (custom) {
    const recycle = context.runner ? (t: string, key: string) => context.runner!.recycle(t, key) : undefined;
    const saved = await saveCustomDbConnection({ database: context.database, box: context.box, moduleCacheDir: context.config.runtime.moduleCacheDir, recycle }, {
      tenantId, name: write.name, scripts: customScripts ?? {}, configuration: configuration ?? (rawConfiguration === null ? {} : undefined),
      importMode, options: rest, enabledClients: write.enabledClients,
    });
    const exact = await connections.update(saved.connection.id, { options: { ...rest, enabledDatabaseCustomization: true, import_mode: importMode } });
    return exact ?? saved.connection;
  }
  validateConnectionName(write.name);
  const scripts = customScripts && Object.keys(customScripts).length > 0 ? validateScripts(customScripts, false) : {};
  const fields = {
    options: rest, custom_scripts: scripts, import_mode: importMode,
    ...(configuration !== undefined || rawConfiguration === null ? { configuration: configuration ?? {} } : {}),
    ...(write.enabledClients ? { enabled_clients: [...write.enabledClients] } : {}),
  };
  if (!existing) return connections.create({ name: write.name, strategy: 'auth0', ...fields });
  return (await connections.update(existing.id, fields)) ?? existing;
}
