// A running Gatehouse for protocol tests, on SQLite or PostgreSQL, plus the pieces a test needs:
// users with real argon2id hashes, APIs, client grants, a cookie-carrying browser and a
// test-only login route that finishes a login transaction through completeLogin, standing in
// for the Universal Login page.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresDatabase } from '../../helpers/dialects.ts';
import { dialects } from '../../helpers/dialects.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import type { Surface } from '../../../src/http/index.ts';
import { completeLogin } from '../../../src/protocol/index.ts';
import { hashPassword } from '../../../src/flows/native-db/index.ts';
import { DEFAULT_CONNECTION } from '../../../src/flows/tenants/index.ts';
import {
  createClientGrantQueries, createClientQueries, createConnectionQueries, createResourceServerQueries, createTenantQueries, createUserQueries,
  type ClientRecord, type CreateClientInput, type CreateResourceServerInput, type ResourceServerRecord, type UserRecord,
} from '../../../src/storage/index.ts';

export const TEST_LOGIN_PATH = '/test/complete-login';

/** Stands in for the login page: POST {state, user_id} → completeLogin. */
export const testLogin: Surface = {
  name: 'test-login',
  register(app, context) {
    app.post(TEST_LOGIN_PATH, async (request, reply) => {
      const body = request.body as { state: string; user_id: string };
      return completeLogin(context, request, reply, { transactionId: body.state, userId: body.user_id, connection: DEFAULT_CONNECTION, authMethod: 'pwd' });
    });
  },
};

export interface Backend {
  readonly name: 'sqlite' | 'postgres';
  readonly skip?: string;
  start(): Promise<Harness>;
}

export interface Harness {
  readonly server: TestServer;
  /** http://127.0.0.1:<port>/ — the demo tenant's issuer as tests reach it. */
  readonly issuer: string;
  readonly tenantId: string;
  /** The demo application from create-tenant. */
  readonly demo: ClientRecord;
  createUser(email: string, password: string, extra?: Partial<UserRecord>): Promise<UserRecord>;
  /** A client of the demo tenant, with the default connection enabled for it (Auth0's default) unless `enable: false`. */
  createClient(input: CreateClientInput, options?: { enable?: boolean }): Promise<ClientRecord>;
  createApi(input: CreateResourceServerInput): Promise<ResourceServerRecord>;
  grant(clientId: string, audience: string, scopes: string[]): Promise<void>;
  /** Row counts of the protocol tables, to show a refused request changed nothing. */
  snapshot(): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

async function harness(server: TestServer, closeExtra: () => Promise<void> = async () => {}): Promise<Harness> {
  const { database, box } = server;
  const tenant = (await createTenantQueries(database).findByName('demo'))!;
  const demo = (await createClientQueries(database, box, tenant.id).list())[0];
  const issuer = `${server.url}/`;
  return {
    server, issuer, tenantId: tenant.id, demo,
    async createUser(email, password, extra = {}) {
      const users = createUserQueries(database, tenant.id);
      const user = await users.create({ connection: DEFAULT_CONNECTION, email, password_hash: await hashPassword(password), email_verified: true, ...extra } as never);
      return user;
    },
    async createClient(input, options = {}) {
      const client = await createClientQueries(database, box, tenant.id).create(input);
      if (options.enable !== false) {
        const connections = createConnectionQueries(database, box, tenant.id);
        const connection = (await connections.findByName(DEFAULT_CONNECTION))!;
        await connections.update(connection.id, { enabled_clients: [...connection.enabled_clients, client.client_id] });
      }
      return client;
    },
    createApi: (input) => createResourceServerQueries(database, tenant.id).create(input),
    async grant(clientId, audience, scopes) {
      await createClientGrantQueries(database, tenant.id).create({ client_id: clientId, audience, scopes });
    },
    async snapshot() {
      const out: Record<string, unknown> = {};
      for (const table of ['sessions', 'login_transactions', 'authorization_codes', 'refresh_tokens', 'users', 'clients', 'signing_keys'] as const) {
        out[table] = await database.db.selectFrom(table).selectAll().execute();
      }
      return out;
    },
    async close() {
      await server.close();
      await closeExtra();
    },
  };
}

/** SQLite always; PostgreSQL when reachable (never skipped under CI=true: dialects() throws). */
export async function backends(extraSurfaces: readonly Surface[] = [testLogin]): Promise<Backend[]> {
  const pg = (await dialects()).find((d) => d.name === 'postgres')!;
  return [
    { name: 'sqlite', start: async () => harness(await startTestServer({ extraSurfaces })) },
    {
      name: 'postgres',
      skip: pg.skip,
      start: async () => {
        const fresh = await createPostgresDatabase();
        // With PostgreSQL the key file would default to ./data/ in the working directory.
        const dir = await mkdtemp(join(tmpdir(), 'gh-pg-key-'));
        const cleanup = async () => { await fresh.drop(); await rm(dir, { recursive: true, force: true }); };
        try {
          return await harness(await startTestServer({ extraSurfaces, settings: { db: fresh.url, keyFile: join(dir, 'secret.key') } }), cleanup);
        } catch (err) {
          await cleanup();
          throw err;
        }
      },
    },
  ];
}
