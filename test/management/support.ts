// A Gatehouse server for Management API tests, on SQLite or PostgreSQL, with helpers to get
// Management API tokens the way the SDK does (client_credentials for https://<host>/api/v2/).
import { API_EXPLORER_APPLICATION, MANAGEMENT_AUDIENCE_KEY } from '../../src/flows/tenants/index.ts';
import { createClientGrantQueries, createClientQueries, createTenantQueries } from '../../src/storage/index.ts';
import { createPostgresDatabase, dialects } from '../helpers/dialects.ts';
import { startTestServer, type RequestOptions, type TestResponse, type TestServer } from '../helpers/server.ts';

export interface ManagementServer {
  readonly server: TestServer;
  readonly tenantId: string;
  /** A token of the API Explorer Application (every scope), for Host `host`. */
  token(options?: { scopes?: readonly string[]; host?: string }): Promise<string>;
  /** A request to /api/v2 with a bearer token (the full-scope one unless given). */
  api(method: string, path: string, options?: { body?: unknown; token?: string; host?: string; headers?: Record<string, string> }): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface Backend {
  readonly name: 'sqlite' | 'postgres';
  readonly skip?: string;
}

/** SQLite always; PostgreSQL when reachable (required under CI=true, as dialects() enforces). */
export async function backends(): Promise<Backend[]> {
  return (await dialects()).map((d) => ({ name: d.name, skip: d.skip }));
}

export async function startManagementServer(backend: Backend['name'], settings: Record<string, string> = {}): Promise<ManagementServer> {
  const pg = backend === 'postgres' ? await createPostgresDatabase() : undefined;
  const server = await startTestServer({ settings: { ...(pg ? { db: pg.url } : {}), ...settings } });
  const tenant = (await createTenantQueries(server.database).findByName('demo'))!;
  const clients = createClientQueries(server.database, server.box, tenant.id);
  async function explorerOf(host: string): Promise<{ client_id: string; client_secret: string }> {
    const owner = (await createTenantQueries(server.database).findByHostname(host))!;
    const explorer = (await createClientQueries(server.database, server.box, owner.id).list()).find((c) => c.name === API_EXPLORER_APPLICATION)!;
    return { client_id: explorer.client_id, client_secret: explorer.client_secret! };
  }
  const cache = new Map<string, string>();

  async function clientFor(scopes: readonly string[]): Promise<{ client_id: string; client_secret: string }> {
    const created = await clients.create({ name: `scoped ${scopes.join(' ')}`.slice(0, 200), app_type: 'non_interactive', grant_types: ['client_credentials'] });
    await createClientGrantQueries(server.database, tenant.id).create({ client_id: created.client_id, audience: MANAGEMENT_AUDIENCE_KEY, scopes: [...scopes] });
    return { client_id: created.client_id, client_secret: created.client_secret! };
  }

  async function token(options: { scopes?: readonly string[]; host?: string } = {}): Promise<string> {
    const host = options.host ?? 'localhost';
    const key = `${host} ${options.scopes?.join(' ') ?? '*'}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const credentials = options.scopes ? await clientFor(options.scopes) : await explorerOf(host);
    const res = await server.request('/oauth/token', {
      host,
      body: { grant_type: 'client_credentials', ...credentials, audience: `http://${host}/api/v2/` },
    });
    if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${res.text}`);
    const accessToken = res.json<{ access_token: string }>().access_token;
    cache.set(key, accessToken);
    return accessToken;
  }

  async function api(method: string, path: string, options: { body?: unknown; token?: string; host?: string; headers?: Record<string, string> } = {}): Promise<TestResponse> {
    const request: RequestOptions = {
      method,
      host: options.host,
      headers: { authorization: `Bearer ${options.token ?? await token({ host: options.host })}`, ...options.headers },
      body: options.body,
    };
    return server.request(`/api/v2${path}`, request);
  }

  return {
    server, tenantId: tenant.id, token, api,
    async close() {
      await server.close();
      await pg?.drop();
    },
  };
}
