// Shared set-up of the Universal Login tests: a server, an application whose callback is a
// local HTTP server, a user with a known password, and helpers to walk /authorize.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signup } from '../../src/flows/native-db/index.ts';
import {
  createClientQueries, createConnectionQueries, createExecutionLogQueries, createTenantQueries, type ClientRecord,
} from '../../src/storage/index.ts';
import { createPostgresDatabase, dialects } from '../helpers/dialects.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

export const CONNECTION = 'Username-Password-Authentication';
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Why the browser tests cannot run here, or undefined; under CI=true a missing browser is a failure. */
export function chromiumUnavailable(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const why = `${CHROMIUM} not found; install Debian's chromium package to run the browser tests`;
  if (process.env.CI === 'true') throw new Error(`${why} (CI=true: browser tests must run)`);
  console.warn(`skipping browser tests: ${why}`);
  return why;
}

export interface LoginWorld {
  readonly server: TestServer;
  readonly tenantId: string;
  /** Two applications of the demo tenant, both calling back to `callbackUrl`. */
  readonly apps: readonly [ClientRecord, ClientRecord];
  readonly callbackUrl: string;
  readonly user: { readonly email: string; readonly password: string };
  /** The link of the newest mail of a template sent to `to`. */
  mailLink(template: string, to: string): Promise<string>;
  authorizeUrl(app: ClientRecord, params?: Record<string, string>): string;
  close(): Promise<void>;
}

/** Each dialect the login tests run on, with why it is skipped when it is. */
export async function loginDialects(): Promise<{ name: string; skip?: string; db?: () => Promise<{ url: string; drop(): Promise<void> }> }[]> {
  const list = await dialects();
  return list.map((d) => ({ name: d.name, skip: d.skip, db: d.name === 'postgres' ? createPostgresDatabase : undefined }));
}

export async function startLoginWorld(db?: () => Promise<{ url: string; drop(): Promise<void> }>): Promise<LoginWorld> {
  const fresh = db ? await db() : undefined;
  const server = await startTestServer({ settings: fresh ? { db: fresh.url } : {} });
  const callback: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Callback</title><p>back at the app</p>');
  });
  await new Promise<void>((resolve) => callback.listen(0, '127.0.0.1', resolve));
  const callbackUrl = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/callback`;

  const tenantId = (await createTenantQueries(server.database).findByName('demo'))!.id;
  const clients = createClientQueries(server.database, server.box, tenantId);
  const make = (name: string) => clients.create({ name, app_type: 'regular_web', redirect_uris: [callbackUrl], token_endpoint_auth_method: 'client_secret_post' });
  const apps = [await make('Alpha App'), await make('Beta App')] as const;
  const connections = createConnectionQueries(server.database, server.box, tenantId);
  const connection = (await connections.findByName(CONNECTION))!;
  await connections.update(connection.id, { enabled_clients: [...connection.enabled_clients, ...apps.map((a) => a.client_id)] });

  const user = { email: 'grace@example.com', password: 'Hopper-1906' };
  await signup({ database: server.database, box: server.box }, { tenantId, connection: CONNECTION, email: user.email, password: user.password });

  return {
    server,
    tenantId,
    apps,
    callbackUrl,
    user,
    async mailLink(template, to) {
      const mails = await createExecutionLogQueries(server.database, tenantId).list({ type: 'email', code_id: template });
      const mail = mails.find((m) => m.details.to === to);
      if (!mail) throw new Error(`no ${template} mail to ${to}`);
      return String(mail.details.link);
    },
    authorizeUrl(app, params = {}) {
      const q = new URLSearchParams({ response_type: 'code', client_id: app.client_id, redirect_uri: callbackUrl, scope: 'openid profile email', state: 'st-123', ...params });
      return `${server.url}/authorize?${q}`;
    },
    async close() {
      await new Promise<void>((resolve) => callback.close(() => resolve()));
      await server.close();
      await fresh?.drop();
    },
  };
}
