import type { FastifyRequest } from 'fastify';
import { GatehouseError } from '../errors/index.ts';
import { findDatabaseConnection } from '../flows/custom-db/index.ts';
import { DEFAULT_CONNECTION } from '../flows/tenants/index.ts';
import { findLoginTransaction } from '../protocol/index.ts';
import {
  createConnectionQueries, type ClientRecord, type ConnectionRecord, type LoginTransactionRecord,
} from '../storage/index.ts';
import type { UiDeps } from './deps.ts';

export interface LoginContext {
  readonly transaction: LoginTransactionRecord;
  readonly client: ClientRecord;
  /** The database connection the form logs in to. */
  readonly connection: ConnectionRecord;
}

/** The `state` of a page request: the login transaction id /authorize sent the browser with. */
export function stateOf(request: FastifyRequest): string | undefined {
  const body = request.body as Record<string, unknown> | undefined;
  const fromBody = body && typeof body === 'object' ? body.state : undefined;
  const fromQuery = (request.query as Record<string, unknown> | undefined)?.state;
  const state = typeof fromBody === 'string' ? fromBody : typeof fromQuery === 'string' ? fromQuery : undefined;
  return state && state.length <= 256 ? state : undefined;
}

/**
 * The connection named by /authorize's `connection`, or else the database connection enabled
 * for the client (Username-Password-Authentication first, as Auth0 tenants have it).
 */
async function chooseConnection(deps: UiDeps, tenantId: string, transaction: LoginTransactionRecord, client: ClientRecord): Promise<ConnectionRecord> {
  if (transaction.connection) {
    const named = await findDatabaseConnection(deps, tenantId, transaction.connection);
    if (named.enabled_clients.includes(client.client_id)) return named;
  } else {
    const all = await createConnectionQueries(deps.database, deps.box, tenantId).list();
    const usable = all.filter((c) => c.strategy === 'auth0' && c.enabled_clients.includes(client.client_id));
    const chosen = usable.find((c) => c.name === DEFAULT_CONNECTION) ?? usable[0];
    if (chosen) return chosen;
  }
  throw new GatehouseError('DBCONN_BAD_CONNECTION', 'No database connection is enabled for this application.');
}

/**
 * The pending transaction behind a page (of this tenant, not expired or completed, started in
 * this browser: the protocol's findLoginTransaction), its client and the connection of the form;
 * LOGIN_TRANSACTION_INVALID otherwise.
 */
export async function loadLoginContext(deps: UiDeps, request: FastifyRequest, state: string | undefined): Promise<LoginContext> {
  if (!state) throw new GatehouseError('LOGIN_TRANSACTION_INVALID');
  const { transaction, client } = await findLoginTransaction(deps, request, state);
  return { transaction, client, connection: await chooseConnection(deps, request.tenant.id, transaction, client) };
}
