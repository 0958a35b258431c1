import { GatehouseError } from '../../errors/index.ts';
import { dependenciesForScripts } from '../../runtime/modules/default-allowlist.ts';
import { installDependencySet } from '../../runtime/modules/install.ts';
import { createConnectionQueries, type ConnectionRecord, type Database, type SecretBox } from '../../storage/index.ts';
import { validateConfiguration, validateConnectionName, validateScripts } from './validate.ts';

export interface SaveCustomDbDeps {
  readonly database: Database;
  readonly box: SecretBox;
  /** Where the scripts' npm dependency sets are installed (config.runtime.moduleCacheDir). */
  readonly moduleCacheDir: string;
  /**
   * Recycles the connection's containers once its scripts changed: the server's runner, which
   * announces it to every node in the scaled setup (docs/deploy.md). Absent → the runtime still
   * retires the old code on its next call (scripts_version).
   */
  readonly recycle?: (tenantId: string, containerKey: string) => Promise<unknown>;
}

export interface SaveCustomDbInput {
  readonly tenantId: string;
  readonly name: string;
  /** Script key → source. Replaces the whole set (Auth0's PATCH replaces options.customScripts). */
  readonly scripts: Readonly<Record<string, string>>;
  /** Given → replaces the stored configuration; omitted → kept (or empty for a new connection). */
  readonly configuration?: Readonly<Record<string, string>>;
  readonly importMode?: boolean;
  /** Other options (requires_username, disable_signup, passwordPolicy, set_user_root_attributes, script_timeout_ms, …), merged over the stored ones. */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Client ids; given → replaces the list. */
  readonly enabledClients?: readonly string[];
}

export interface SaveCustomDbResult {
  readonly connection: ConnectionRecord;
  readonly created: boolean;
  /** The dependency set installed for the scripts (name → exact version). */
  readonly dependencies: Readonly<Record<string, string>>;
}

/**
 * Creates or updates a custom database connection: scripts checked for size and syntax as the
 * runtime checks them, configuration sealed at rest, allow-listed modules installed before the
 * scripts are stored (so a save that cannot install changes nothing), the previous scripts kept
 * as a version by storage. The new scripts_version makes running containers retire their copy.
 */
export async function saveCustomDbConnection(deps: SaveCustomDbDeps, input: SaveCustomDbInput): Promise<SaveCustomDbResult> {
  validateConnectionName(input.name);
  const connections = createConnectionQueries(deps.database, deps.box, input.tenantId);
  const existing = await connections.findByName(input.name);
  if (existing && existing.strategy !== 'auth0') {
    throw new GatehouseError('CUSTOM_DB_INVALID', `The connection ${input.name} is not a database connection.`);
  }
  const importMode = input.importMode ?? existing?.import_mode ?? false;
  const scripts = validateScripts(input.scripts, importMode);
  const configuration = input.configuration === undefined ? undefined : validateConfiguration(input.configuration);

  const dependencies = dependenciesForScripts(Object.values(scripts));
  if (Object.keys(dependencies).length > 0) await installDependencySet(deps.moduleCacheDir, dependencies);

  const options = { ...(existing?.options ?? {}), ...(input.options ?? {}), enabledDatabaseCustomization: true, import_mode: importMode };
  if (!existing) {
    const connection = await connections.create({
      name: input.name,
      strategy: 'auth0',
      options,
      custom_scripts: scripts,
      configuration: configuration ?? {},
      import_mode: importMode,
      enabled_clients: [...(input.enabledClients ?? [])],
    });
    return { connection, created: true, dependencies };
  }
  const connection = await connections.update(existing.id, {
    options,
    custom_scripts: scripts,
    ...(configuration !== undefined ? { configuration } : {}),
    import_mode: importMode,
    ...(input.enabledClients !== undefined ? { enabled_clients: [...input.enabledClients] } : {}),
  });
  if (!connection) throw new GatehouseError('MGMT_NOT_FOUND', `The connection ${input.name} was deleted meanwhile.`);
  await deps.recycle?.(input.tenantId, connection.id);
  return { connection, created: false, dependencies };
}

/** True for a database connection whose users live behind scripts (options.enabledDatabaseCustomization). */
export function isCustomDb(connection: Pick<ConnectionRecord, 'strategy' | 'options'>): boolean {
  return connection.strategy === 'auth0' && connection.options.enabledDatabaseCustomization === true;
}
