import type { FastifyRequest } from 'fastify';
import { GatehouseError } from '../../errors/index.ts';
import { createClientQueries, type ClientRecord } from '../../storage/index.ts';
import type { ProtocolDeps } from '../context.ts';
import type { Params } from '../params.ts';
import { safeEqual } from '../random.ts';

export interface AuthenticatedClient {
  readonly client: ClientRecord;
  /** True when the client proved it holds its secret (confidential clients only). */
  readonly confidential: boolean;
}

// Auth0 answers every client-authentication failure with 401 access_denied "Unauthorized"
// rather than RFC 6749's invalid_client; SDKs written for Auth0 expect that.
const unauthorized = () => new GatehouseError('OAUTH_CLIENT_AUTH_FAILED');

function basicCredentials(request: FastifyRequest): { id: string; secret: string } | undefined {
  const header = request.headers.authorization;
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) throw unauthorized();
  try {
    // RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
    const unescape = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    return { id: unescape(decoded.slice(0, colon)), secret: unescape(decoded.slice(colon + 1)) };
  } catch {
    throw unauthorized();
  }
}

/**
 * client_secret_basic or client_secret_post (both accepted whatever the client's configured
 * method, as Auth0 does), or a public client identified by client_id alone.
 */
export async function authenticateClient(deps: ProtocolDeps, request: FastifyRequest, params: Params): Promise<AuthenticatedClient> {
  const basic = basicCredentials(request);
  if (basic && params.client_secret !== undefined) throw unauthorized();
  if (basic && params.client_id !== undefined && params.client_id !== basic.id) throw unauthorized();
  const clientId = basic?.id ?? params.client_id;
  if (clientId === undefined) throw new GatehouseError('OAUTH_INVALID_REQUEST', 'Missing required parameter: client_id');
  const secret = basic?.secret ?? params.client_secret;

  const client = await createClientQueries(deps.database, deps.box, request.tenant.id).find(clientId);
  if (!client) throw unauthorized();
  if (client.token_endpoint_auth_method === 'none' || client.client_secret === null) {
    // A public client holds no secret; one that sends something is misconfigured.
    if (secret !== undefined) throw unauthorized();
    return { client, confidential: false };
  }
  if (secret === undefined || !safeEqual(secret, client.client_secret)) throw unauthorized();
  return { client, confidential: true };
}
