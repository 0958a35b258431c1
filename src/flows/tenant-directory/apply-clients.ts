import { createClientQueries, type AppType, type ClientRecord, type TokenEndpointAuthMethod } from '../../storage/index.ts';
import { createManagementExtrasQueries } from '../../storage/management-extras.ts';
import { canonical, reason, split, type ApplyDeps, type StepResult } from './context.ts';
import type { DirectoryClient } from './types.ts';

// clients/*.json → the tenant's applications, matched by name. The fields Gatehouse acts on go
// to the client row; every other field is kept in management_extras (and exported again).
// A client_id in the file is honoured when the client is created (stable ids for development);
// client_secret is applied when given and never exported.

export const CLIENT_FIELDS = [
  'name', 'app_type', 'description', 'callbacks', 'allowed_logout_urls', 'web_origins', 'grant_types',
  'client_metadata', 'is_first_party', 'token_endpoint_auth_method', 'client_secret', 'client_id',
] as const;

interface ClientFields {
  name: string;
  app_type?: AppType;
  description?: string;
  callbacks?: string[];
  allowed_logout_urls?: string[];
  web_origins?: string[];
  grant_types?: string[];
  client_metadata?: Record<string, string>;
  is_first_party?: boolean;
  token_endpoint_auth_method?: TokenEndpointAuthMethod;
  client_secret?: string;
  client_id?: string;
}

function patchOf(c: ClientFields) {
  return {
    name: c.name,
    ...(c.app_type !== undefined ? { app_type: c.app_type } : {}),
    ...(c.description !== undefined ? { description: c.description } : {}),
    ...(c.callbacks !== undefined ? { redirect_uris: c.callbacks } : {}),
    ...(c.allowed_logout_urls !== undefined ? { allowed_logout_urls: c.allowed_logout_urls } : {}),
    ...(c.web_origins !== undefined ? { web_origins: c.web_origins } : {}),
    ...(c.grant_types !== undefined ? { grant_types: c.grant_types } : {}),
    ...(c.client_metadata !== undefined ? { client_metadata: c.client_metadata } : {}),
    ...(c.is_first_party !== undefined ? { is_first_party: c.is_first_party } : {}),
    ...(c.token_endpoint_auth_method !== undefined ? { token_endpoint_auth_method: c.token_endpoint_auth_method } : {}),
  };
}

function differs(record: ClientRecord, patch: ReturnType<typeof patchOf>): boolean {
  return Object.entries(patch).some(([key, value]) => canonical(record[key as keyof ClientRecord]) !== canonical(value));
}

export async function applyClients(deps: ApplyDeps, tenantId: string, clients: readonly DirectoryClient[]): Promise<StepResult> {
  const result: StepResult = { changes: [], problems: [] };
  const queries = createClientQueries(deps.database, deps.box, tenantId);
  const extrasQueries = createManagementExtrasQueries(deps.database, tenantId);
  const existing = await queries.list();
  for (const { file, data } of clients) {
    const { known, extras } = split(data, CLIENT_FIELDS);
    const fields = known as unknown as ClientFields;
    try {
      const found = existing.find((c) => c.name === fields.name);
      const patch = patchOf(fields);
      if (!found) {
        const created = await queries.create({ ...patch, app_type: fields.app_type ?? 'regular_web', client_id: fields.client_id, client_secret: fields.client_secret });
        await extrasQueries.set('client', created.client_id, extras);
        existing.push(created);
        result.changes.push({ kind: 'client', name: fields.name, result: 'created', detail: created.client_id });
        continue;
      }
      const extrasChanged = canonical(await extrasQueries.get('client', found.client_id)) !== canonical(extras);
      const secretChanged = fields.client_secret !== undefined && fields.client_secret !== found.client_secret;
      if (!differs(found, patch) && !extrasChanged && !secretChanged) {
        result.changes.push({ kind: 'client', name: fields.name, result: 'unchanged' });
        continue;
      }
      await queries.update(found.client_id, patch);
      if (secretChanged) await queries.rotateSecret(found.client_id, fields.client_secret);
      await extrasQueries.set('client', found.client_id, extras);
      result.changes.push({ kind: 'client', name: fields.name, result: 'updated' });
    } catch (err) {
      result.problems.push({ file, message: `not applied: ${reason(err)}` });
    }
  }
  return result;
}
