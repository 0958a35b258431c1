import { allChangesDeployed, getBindings, TRIGGERS } from '../../extensibility/actions/index.ts';
import {
  createActionQueries, createClientQueries, createConnectionQueries, createResourceServerQueries, createSecretQueries,
  type Database, type SecretBox, type Tenant,
} from '../../storage/index.ts';
import { createManagementExtrasQueries } from '../../storage/management-extras.ts';
import { sanitizeFileName } from './file-names.ts';
import { loadTenantSettings } from './tenant-settings.ts';
import type { DirectoryAction, DirectoryDatabase, Json, TenantDirectory } from './types.ts';

// A stored tenant as a directory (the inverse of apply). Secret values — connection
// configuration and Action secrets — are never written into the objects: each becomes a
// `##KEY##` placeholder and its value goes to `secrets`, which the caller writes to an env file
// only when asked. Client secrets are not exported at all, as the deploy CLI does.

export interface Collected {
  readonly directory: TenantDirectory;
  /** Placeholder key → secret value. */
  readonly secrets: Readonly<Record<string, string>>;
}

export async function collectTenantDirectory(deps: { database: Database; box: SecretBox }, tenant: Tenant): Promise<Collected> {
  const extras = createManagementExtrasQueries(deps.database, tenant.id);
  const secretValues: Record<string, string> = {};
  /** A placeholder for a value: the plain key, or prefixed with the owner when the key is taken by another value. */
  const placeholder = (key: string, owner: string, value: string): string => {
    let name = key.replace(/[^A-Za-z0-9_]/g, '_');
    if (secretValues[name] !== undefined && secretValues[name] !== value) name = `${owner.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}_${name}`;
    secretValues[name] = value;
    return `##${name}##`;
  };

  const clientRecords = await createClientQueries(deps.database, deps.box, tenant.id).list();
  const clientExtras = await extras.getAll('client');
  const clients = clientRecords.map((c) => ({
    file: `clients/${sanitizeFileName(c.name)}.json`,
    data: {
      name: c.name,
      app_type: c.app_type,
      ...(c.description !== null ? { description: c.description } : {}),
      callbacks: c.redirect_uris,
      allowed_logout_urls: c.allowed_logout_urls,
      web_origins: c.web_origins,
      grant_types: c.grant_types,
      client_metadata: c.client_metadata,
      is_first_party: c.is_first_party,
      token_endpoint_auth_method: c.token_endpoint_auth_method,
      ...(clientExtras.get(c.client_id) ?? {}),
    } as Json,
  }));
  const clientName = new Map(clientRecords.map((c) => [c.client_id, c.name]));

  const rsExtras = await extras.getAll('resource_server');
  const resourceServers = (await createResourceServerQueries(deps.database, tenant.id).list()).map((r) => ({
    file: `resource-servers/${sanitizeFileName(r.name)}.json`,
    data: {
      name: r.name, identifier: r.identifier, scopes: r.scopes, signing_alg: r.signing_alg, token_lifetime: r.token_lifetime,
      enforce_policies: r.enforce_policies, token_dialect: r.token_dialect,
      skip_consent_for_verifiable_first_party_clients: r.skip_consent_for_verifiable_first_party_clients,
      allow_offline_access: r.allow_offline_access,
      ...(rsExtras.get(r.id) ?? {}),
    } as Json,
  }));

  const connectionExtras = await extras.getAll('connection');
  const databases: DirectoryDatabase[] = (await createConnectionQueries(deps.database, deps.box, tenant.id).list())
    .filter((c) => c.strategy === 'auth0')
    .map((c) => {
      // Keys sorted: stored options keep the order of whichever save wrote them last.
      const options: Json = Object.fromEntries(Object.entries({ ...c.options, import_mode: c.import_mode }).sort(([a], [b]) => a.localeCompare(b)));
      if (Object.keys(c.configuration).length > 0) {
        options.configuration = Object.fromEntries(Object.entries(c.configuration).map(([k, v]) => [k, placeholder(k, c.name, v)]));
      }
      return {
        file: `database-connections/${sanitizeFileName(c.name)}/database.json`,
        data: {
          name: c.name,
          strategy: 'auth0',
          enabled_clients: c.enabled_clients.map((id) => clientName.get(id) ?? id).sort(),
          options,
          ...(connectionExtras.get(c.id) ?? {}),
        },
        scripts: c.custom_scripts,
      };
    });

  const actionQueries = createActionQueries(deps.database, tenant.id);
  const secretStore = createSecretQueries(deps.database, deps.box, tenant.id);
  const engine = { database: deps.database, box: deps.box };
  const actions: DirectoryAction[] = [];
  for (const a of await actionQueries.list()) {
    const folder = sanitizeFileName(a.name);
    const secrets = (await secretStore.list('action', a.id)).map((s) => ({ name: s.name, value: placeholder(s.name, a.name, s.value) }));
    actions.push({
      file: `actions/${folder}.json`,
      codeFile: `actions/${folder}/code.js`,
      code: a.code,
      data: {
        name: a.name,
        runtime: a.runtime,
        dependencies: a.dependencies,
        secrets,
        supported_triggers: a.supported_triggers,
        deployed: await allChangesDeployed(engine, tenant.id, a.id),
      },
    });
  }

  const triggers: Record<string, Array<{ action_name: string; display_name: string }>> = {};
  for (const trigger of TRIGGERS) {
    const bindings = await getBindings(engine, tenant.id, trigger);
    if (bindings.length > 0) triggers[trigger] = bindings.map((b) => ({ action_name: b.action_name, display_name: b.display_name }));
  }

  return {
    directory: { tenant: await loadTenantSettings(deps.database, tenant.id), clients, resourceServers, databases, actions, triggers },
    secrets: secretValues,
  };
}
