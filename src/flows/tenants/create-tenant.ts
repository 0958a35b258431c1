import { GatehouseError } from '../../errors/index.ts';
import {
  createClientGrantQueries, createClientQueries, createConnectionQueries, createTenantQueries,
  type ClientRecord, type ConnectionRecord, type Database, type SecretBox, type Tenant,
} from '../../storage/index.ts';
import { MANAGEMENT_AUDIENCE_KEY, MANAGEMENT_SCOPES } from './management-api.ts';

export const DEMO_TENANT = 'demo';
/** Hosts a fresh install answers on; fastify listens on both loopback families for "localhost". */
export const DEMO_HOSTNAMES: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];
export const DEFAULT_CONNECTION = 'Username-Password-Authentication';
export const DEMO_APPLICATION = 'Demo Application';
/** Auth0 creates this machine-to-machine application with every tenant, for the Management API. */
export const API_EXPLORER_APPLICATION = 'API Explorer Application';

// Tenant names become hostnames (<name>.localhost) and log labels, so they keep to DNS labels.
const tenantName = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const hostname = /^(?:\[[0-9a-f:.]+\]|(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*)$/;

export interface TenantDeps {
  readonly database: Database;
  readonly box: SecretBox;
}

export interface CreateTenantInput {
  readonly name: string;
  /** Defaults to `<name>.localhost`, which browsers resolve to loopback with no DNS set-up. */
  readonly hostnames?: readonly string[];
  /** Where the demo application may return to; defaults to http://<first hostname>:3000/callback. */
  readonly port?: number;
}

export interface CreatedTenant {
  readonly tenant: Tenant;
  /** Includes the plaintext client_secret: show it once, never log it. */
  readonly application: ClientRecord;
  readonly connection: ConnectionRecord;
  /** The "API Explorer Application", granted every Management API scope; its plaintext secret too. */
  readonly apiExplorer: ClientRecord;
}

function validate(input: CreateTenantInput): string[] {
  if (!tenantName.test(input.name)) {
    throw new GatehouseError('TENANT_INVALID', `invalid tenant name "${input.name}": use 1–63 lowercase letters, digits and hyphens, starting and ending with a letter or digit`);
  }
  const hostnames = (input.hostnames?.length ? input.hostnames : [`${input.name}.localhost`]).map((h) => h.trim().toLowerCase());
  for (const h of hostnames) {
    if (!hostname.test(h)) throw new GatehouseError('TENANT_INVALID', `invalid hostname "${h}": expected a host name such as login.example.com (no scheme, port or path)`);
  }
  return hostnames;
}

function origin(host: string, port: number): string {
  return port === 80 ? `http://${host}` : `http://${host}:${port}`;
}

/**
 * Creates a tenant as Auth0 provisions one: the tenant and its hostnames, a regular web
 * application with a generated secret (stored sealed), and the native database connection
 * enabled for it. A failure part-way removes the tenant, so no half-made tenant remains.
 */
export async function createTenant(deps: TenantDeps, input: CreateTenantInput): Promise<CreatedTenant> {
  const hostnames = validate(input);
  const tenant = await createTenantQueries(deps.database).create({ name: input.name, hostnames });
  try {
    const base = origin(hostnames[0] === '127.0.0.1' || hostnames[0] === '[::1]' ? 'localhost' : hostnames[0], input.port ?? 3000);
    const application = await createClientQueries(deps.database, deps.box, tenant.id).create({
      name: input.name === DEMO_TENANT ? DEMO_APPLICATION : 'Default App',
      app_type: 'regular_web',
      token_endpoint_auth_method: 'client_secret_post',
      // Every grant Gatehouse implements, so the demo can be tried with any flow; no client
      // grant comes with it, so client_credentials needs one made for an API first.
      grant_types: ['authorization_code', 'refresh_token', 'client_credentials', 'password', 'http://auth0.com/oauth/grant-type/password-realm'],
      redirect_uris: [`${base}/callback`],
      allowed_logout_urls: [base],
      web_origins: [base],
      is_first_party: true,
    });
    const connection = await createConnectionQueries(deps.database, deps.box, tenant.id).create({
      name: DEFAULT_CONNECTION,
      strategy: 'auth0',
      options: { brute_force_protection: true, disable_signup: false, requires_username: false, passwordPolicy: 'good' },
      enabled_clients: [application.client_id],
    });
    const apiExplorer = await createClientQueries(deps.database, deps.box, tenant.id).create({
      name: API_EXPLORER_APPLICATION,
      app_type: 'non_interactive',
      token_endpoint_auth_method: 'client_secret_post',
      grant_types: ['client_credentials'],
      is_first_party: true,
    });
    await createClientGrantQueries(deps.database, tenant.id).create({
      client_id: apiExplorer.client_id, audience: MANAGEMENT_AUDIENCE_KEY, scopes: [...MANAGEMENT_SCOPES],
    });
    return { tenant, application, connection, apiExplorer };
  } catch (err) {
    await createTenantQueries(deps.database).remove(tenant.id).catch(() => {});
    throw err;
  }
}

/**
 * Creates the `demo` tenant on the first start only. Two nodes starting together on one
 * PostgreSQL both try; the loser sees TENANT_EXISTS and carries on.
 */
export async function ensureDemoTenant(deps: TenantDeps, options: { port?: number } = {}): Promise<CreatedTenant | undefined> {
  if (await createTenantQueries(deps.database).findByName(DEMO_TENANT)) return undefined;
  try {
    return await createTenant(deps, { name: DEMO_TENANT, hostnames: DEMO_HOSTNAMES, port: options.port });
  } catch (err) {
    if (err instanceof GatehouseError && err.code === 'TENANT_EXISTS') return undefined;
    throw err;
  }
}

/** The demo tenant's application as created on first start, if both still exist (for the start banner). */
export async function findDemoApplication(deps: TenantDeps): Promise<ClientRecord | undefined> {
  const demo = await createTenantQueries(deps.database).findByName(DEMO_TENANT);
  if (!demo) return undefined;
  const clients = await createClientQueries(deps.database, deps.box, demo.id).list();
  return clients.find((client) => client.name === DEMO_APPLICATION);
}
