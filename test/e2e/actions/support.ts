// Shared set-up of the Actions end-to-end tests: a Gatehouse (SQLite or PostgreSQL) booted as
// `gatehouse start` boots it, Actions from test/fixtures/actions/ created, deployed and bound
// through the engine's library functions, a webhook sink standing in for the CRM, audit and SMS
// services the Actions call, and a cookie-keeping browser that logs in through the real
// Universal Login form.
import { createServer, type Server } from 'node:http';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAction, setBindings, type ActionsDeps, type TriggerId } from '../../../src/extensibility/actions/index.ts';
import { saveCustomDbConnection } from '../../../src/extensibility/custom-db/index.ts';
import { hashPassword } from '../../../src/flows/native-db/index.ts';
import { DEFAULT_CONNECTION } from '../../../src/flows/tenants/index.ts';
import {
  createClientGrantQueries, createClientQueries, createConnectionQueries, createExecutionLogQueries, createResourceServerQueries,
  createTenantQueries, createUserQueries, type ClientRecord, type ConnectionRecord, type CreateClientInput, type ExecutionLogRecord, type UserRecord,
} from '../../../src/storage/index.ts';
import { createPostgresDatabase, dialects } from '../../helpers/dialects.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { Browser, type BrowserResponse } from '../../protocol/support/browser.ts';

export const FIXTURES = new URL('../../fixtures/actions/', import.meta.url).pathname;
export const REALM_GRANT = 'http://auth0.com/oauth/grant-type/password-realm';
export const API = 'https://api.gatehouse.test/';
export const PASSWORD = 'Correct-horse-9';

export async function fixture(name: string): Promise<string> {
  return readFile(join(FIXTURES, `${name}.js`), 'utf8');
}

/** The claims of a JWT, unverified (signatures are the protocol tests' business). */
export function claims(jwt: string | undefined): Record<string, any> {
  if (!jwt) throw new Error('no token');
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, any>;
}

/** A local HTTP service that records every JSON POST (the CRM, the audit log, the SMS gateway). */
export interface Sink {
  readonly url: string;
  readonly received: Array<{ path: string; headers: Record<string, unknown>; body: any }>;
  /** Waits (generously: machines are busy) until a received request matches. */
  waitFor(match: (r: { path: string; body: any }) => boolean, what: string): Promise<{ path: string; body: any }>;
  /** Answers the next requests with this status (e.g. 503: the CRM is down). */
  failWith(status: number | undefined): void;
  close(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
  const received: Sink['received'] = [];
  let status: number | undefined;
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (p: Buffer) => parts.push(p));
    req.on('end', () => {
      const text = Buffer.concat(parts).toString('utf8');
      let body: unknown = text;
      try { body = JSON.parse(text); } catch { /* not JSON */ }
      received.push({ path: req.url ?? '/', headers: req.headers, body });
      res.writeHead(status ?? 200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    failWith: (s) => { status = s; },
    async waitFor(match, what) {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const hit = received.find(match);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`the sink never received ${what}; got ${JSON.stringify(received.map((r) => r.body))}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface World {
  readonly server: TestServer;
  readonly tenantId: string;
  readonly deps: ActionsDeps;
  /** A confidential regular web app allowed every grant, with the default connection. */
  readonly app: ClientRecord;
  readonly callback: string;
  createClient(input: Partial<CreateClientInput>): Promise<ClientRecord>;
  createUser(email: string, extra?: Partial<UserRecord>): Promise<UserRecord>;
  user(userId: string): Promise<UserRecord>;
  /** Creates, deploys and binds fixtures to a trigger, in order (replacing its bindings). */
  bind(trigger: TriggerId, names: readonly string[], secrets?: Record<string, string>): Promise<void>;
  executions(trigger?: string): Promise<ExecutionLogRecord[]>;
  /** A custom database connection on test/fixtures/actions/memory-store/, enabled for `app`. */
  customConnection(name: string, importMode: boolean): Promise<ConnectionRecord>;
  /** The link of the newest development mail of a template to an address. */
  mailLink(template: string, to: string): Promise<string>;
  close(): Promise<void>;
}

export interface WorldDialect {
  readonly name: 'sqlite' | 'postgres';
  readonly skip?: string;
  start(settings?: Record<string, string>): Promise<World>;
}

export async function worldDialects(): Promise<WorldDialect[]> {
  const pg = (await dialects()).find((d) => d.name === 'postgres')!;
  return [
    { name: 'sqlite', start: (settings) => startWorld(false, settings) },
    { name: 'postgres', skip: pg.skip, start: (settings) => startWorld(true, settings) },
  ];
}

let actionCounter = 0;

async function startWorld(postgres: boolean, settings: Record<string, string> = {}): Promise<World> {
  const fresh = postgres ? await createPostgresDatabase() : undefined;
  const dir = await mkdtemp(join(tmpdir(), 'gh-actions-e2e-'));
  const server = await startTestServer({
    settings: {
      ...(fresh ? { db: fresh.url, keyFile: join(dir, 'secret.key') } : {}),
      'runtime.backend': 'worker',
      'runtime.spares': '0',
      'runtime.moduleCacheDir': join(dir, 'modules'),
      ...settings,
    },
  });
  const { database, box } = server;
  const tenantId = (await createTenantQueries(database).findByName('demo'))!.id;
  const deps: ActionsDeps = { database, box, runner: server.runner };
  const callback = 'http://127.0.0.1/app/callback';
  const clients = createClientQueries(database, box, tenantId);
  const connections = createConnectionQueries(database, box, tenantId);
  await createResourceServerQueries(database, tenantId).create({
    identifier: API, name: 'Reports API', scopes: [{ value: 'read:reports', description: 'Read reports' }, { value: 'write:reports', description: 'Write' }, { value: 'delete:everything', description: 'No' }],
    allow_offline_access: true,
  });
  const createClient = async (input: Partial<CreateClientInput>) => {
    const client = await clients.create({
      name: 'Reports Web', app_type: 'regular_web', redirect_uris: [callback], token_endpoint_auth_method: 'client_secret_post',
      grant_types: ['authorization_code', 'refresh_token', 'password', REALM_GRANT, 'client_credentials'], ...input,
    } as CreateClientInput);
    const connection = (await connections.findByName(DEFAULT_CONNECTION))!;
    await connections.update(connection.id, { enabled_clients: [...connection.enabled_clients, client.client_id] });
    return client;
  };
  const app = await createClient({ client_metadata: { tier: 'gold' } });
  await createClientGrantQueries(database, tenantId).create({ client_id: app.client_id, audience: API, scopes: ['read:reports', 'write:reports', 'delete:everything'] });
  const users = createUserQueries(database, tenantId);
  return {
    server, tenantId, deps, app, callback, createClient,
    async createUser(email, extra = {}) {
      return users.create({ connection: DEFAULT_CONNECTION, email, password_hash: await hashPassword(PASSWORD), email_verified: true, ...extra } as never);
    },
    async user(userId) {
      return (await users.find(userId))!;
    },
    async bind(trigger, names, secrets = {}) {
      const ids: string[] = [];
      for (const name of names) {
        actionCounter += 1;
        const action = await createAction(deps, tenantId, {
          name: `${name}-${actionCounter}`, supported_triggers: [{ id: trigger }], code: await fixture(name),
          secrets: Object.entries(secrets).map(([n, value]) => ({ name: n, value })), deploy: true,
        });
        ids.push(action.id);
      }
      await setBindings(deps, tenantId, trigger, ids.map((id) => ({ ref: { type: 'action_id', value: id } })));
    },
    async executions(trigger) {
      const all = await createExecutionLogQueries(database, tenantId).list({ limit: 1000 });
      return all.filter((e) => e.type.startsWith('action') && (!trigger || e.type === `action:${trigger}`)).reverse();
    },
    async customConnection(name, importMode) {
      const dirName = join(FIXTURES, 'memory-store');
      const scripts: Record<string, string> = {};
      for (const file of await readdir(dirName)) scripts[file.slice(0, -3)] = await readFile(join(dirName, file), 'utf8');
      const { connection } = await saveCustomDbConnection(
        { database, box, moduleCacheDir: server.config.runtime.moduleCacheDir },
        { tenantId, name, scripts, importMode, enabledClients: [app.client_id] },
      );
      return connection;
    },
    async mailLink(template, to) {
      const mails = await createExecutionLogQueries(database, tenantId).list({ type: 'email', code_id: template });
      const mail = mails.find((m) => m.details.to === to);
      if (!mail) throw new Error(`no ${template} mail to ${to}`);
      return String(mail.details.link);
    },
    async close() {
      await server.close();
      await fresh?.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A browser that logs in through /authorize and the real Universal Login form. */
export class LoginBrowser extends Browser {
  readonly base: string;
  constructor(base: string) {
    super();
    this.base = base;
  }

  authorizeUrl(client: ClientRecord, callback: string, params: Record<string, string> = {}): string {
    const q = new URLSearchParams({ response_type: 'code', client_id: client.client_id, redirect_uri: callback, scope: 'openid profile email', state: 'app-state', ...params });
    return `${this.base}/authorize?${q}`;
  }

  /** /authorize, then the login form when it is shown; returns the answer to the form (or to /authorize on SSO). */
  async login(url: string, email: string, password = PASSWORD): Promise<BrowserResponse> {
    const first = await this.get(url);
    if (first.status !== 302 || !first.location) throw new Error(`/authorize answered ${first.status}: ${first.text.slice(0, 200)}`);
    const next = new URL(first.location, this.base);
    if (next.pathname !== '/u/login') return first;
    const page = await this.get(next);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    if (!csrf) throw new Error(`no CSRF token on the login page: ${page.text.slice(0, 300)}`);
    return this.postForm(new URL('/u/login', this.base), { state: next.searchParams.get('state')!, _csrf: csrf, username: email, password });
  }
}

/** Reads the CSRF token of a Universal Login form page. */
export function csrfOf(page: BrowserResponse): string {
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
  if (!csrf) throw new Error(`no CSRF token on the page (${page.status}): ${page.text.slice(0, 300)}`);
  return csrf;
}

/** The parameters a redirect sent to the app's callback (query mode). */
export function callbackParams(response: BrowserResponse, callback: string): URLSearchParams {
  if (response.status !== 302 || !response.location) throw new Error(`expected a redirect to the app, got ${response.status}: ${response.text.slice(0, 300)}`);
  const url = new URL(response.location);
  if (`${url.origin}${url.pathname}` !== callback) throw new Error(`expected the app's callback, got ${response.location}`);
  return url.searchParams;
}

/** Exchanges a code at /oauth/token. */
export async function redeem(world: World, code: string, client: ClientRecord = world.app, redirectUri = world.callback): Promise<{ status: number; body: any }> {
  return tokenRequest(world, { grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: client.client_id, client_secret: client.client_secret ?? '' });
}

export async function tokenRequest(world: World, params: Record<string, string>): Promise<{ status: number; body: any }> {
  const res = await fetch(`${world.server.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params) });
  return { status: res.status, body: await res.json() };
}
