import { GatehouseError } from '../../errors/index.ts';
import { createClientQueries, createConnectionQueries, type ClientRecord, type Database, type SecretBox } from '../../storage/index.ts';
import { parseParams, type Params } from '../params.ts';
import { grantUserScopes, splitScope } from '../scopes.ts';
import { findApi } from '../token/audience.ts';
import { RESPONSE_MODES, type RedirectTarget, type ResponseMode } from './respond.ts';

/** A validated authorization request. */
export interface AuthorizeRequest {
  readonly client: ClientRecord;
  readonly target: RedirectTarget;
  readonly redirectUriExplicit: boolean;
  readonly responseType: 'code';
  /** The scopes granted (OIDC scopes and the audience's own), space-separated. */
  readonly scope: string;
  readonly nonce: string | null;
  readonly audience: string | null;
  readonly codeChallenge: string | null;
  readonly codeChallengeMethod: 'S256' | 'plain' | null;
  readonly prompt: ReadonlySet<string>;
  readonly maxAge: number | null;
  readonly connection: string | null;
  readonly loginHint: string | null;
  readonly screenHint: string | null;
  /** Every parameter as received, unknown ones included (Actions read event.request.query). */
  readonly query: Readonly<Record<string, string>>;
}

/** Failures as values: before the redirect_uri is trusted only a page may answer. */
export type Validation =
  | { readonly ok: true; readonly value: AuthorizeRequest }
  | { readonly ok: false; readonly page: GatehouseError }
  | { readonly ok: false; readonly target: RedirectTarget; readonly error: GatehouseError };

const CHALLENGE = /^[A-Za-z0-9._~-]{43,128}$/;
const PROMPTS = new Set(['none', 'login', 'consent', 'select_account']);

async function trustedTarget(database: Database, box: SecretBox, tenantId: string, raw: unknown) {
  let params: Params;
  try {
    params = parseParams(raw);
  } catch {
    // Without trustworthy parameters there is no redirect_uri to answer to.
    return { page: new GatehouseError('AUTHORIZE_UNKNOWN_CLIENT', 'The authorization request has malformed or repeated parameters.') };
  }
  const clientId = params.client_id;
  if (clientId === undefined) return { page: new GatehouseError('AUTHORIZE_UNKNOWN_CLIENT', 'Missing required parameter: client_id') };
  const client = await createClientQueries(database, box, tenantId).find(clientId);
  if (!client) return { page: new GatehouseError('AUTHORIZE_UNKNOWN_CLIENT', `Unknown client: ${clientId}`) };
  // Auth0 falls back to the first allowed callback when redirect_uri is left out.
  const redirectUri = params.redirect_uri ?? client.redirect_uris[0];
  if (redirectUri === undefined || !client.redirect_uris.includes(redirectUri)) {
    return {
      page: new GatehouseError('AUTHORIZE_CALLBACK_MISMATCH',
        `Callback URL mismatch. ${params.redirect_uri ?? '(none)'} is not in the list of allowed callback URLs.`),
    };
  }
  return { params, client, redirectUri };
}

/**
 * The checks of GET /authorize, in Auth0's order: client and redirect_uri (errors on a page),
 * then everything else (errors to the redirect_uri with the state).
 */
export async function validateAuthorize(database: Database, box: SecretBox, tenantId: string, raw: unknown): Promise<Validation> {
  const first = await trustedTarget(database, box, tenantId, raw);
  if ('page' in first) return { ok: false, page: first.page! };
  const { params, client, redirectUri } = first;

  const mode = params.response_mode ?? 'query';
  const target: RedirectTarget = {
    redirectUri,
    responseMode: (RESPONSE_MODES as readonly string[]).includes(mode) ? mode as ResponseMode : 'query',
    state: params.state ?? null,
  };
  const fail = (code: ConstructorParameters<typeof GatehouseError>[0], message: string): Validation =>
    ({ ok: false, target, error: new GatehouseError(code, message) });

  if (!(RESPONSE_MODES as readonly string[]).includes(mode)) return fail('OAUTH_INVALID_REQUEST', `Unsupported response_mode: ${mode}`);
  const responseType = params.response_type;
  if (responseType === undefined) return fail('OAUTH_INVALID_REQUEST', 'Missing required parameter: response_type');
  if (responseType !== 'code') return fail('OAUTH_UNSUPPORTED_RESPONSE_TYPE', `Unsupported response type: ${responseType}`);
  if (!client.grant_types.includes('authorization_code')) {
    return fail('OAUTH_UNAUTHORIZED_CLIENT', "Grant type 'authorization_code' not allowed for the client.");
  }

  const challenge = params.code_challenge ?? null;
  const method = params.code_challenge_method ?? (challenge === null ? null : 'plain');
  if (method !== null && method !== 'S256' && method !== 'plain') return fail('OAUTH_INVALID_REQUEST', `Unsupported code_challenge_method: ${method}`);
  if (method !== null && challenge === null) return fail('OAUTH_INVALID_REQUEST', 'Missing required parameter: code_challenge');
  if (challenge !== null && !CHALLENGE.test(challenge)) return fail('OAUTH_INVALID_REQUEST', 'Invalid parameter: code_challenge');
  if (challenge === null && client.token_endpoint_auth_method === 'none') {
    return fail('OAUTH_INVALID_REQUEST', 'Public clients must use PKCE: missing required parameter: code_challenge');
  }

  const prompt = new Set(splitScope(params.prompt));
  for (const p of prompt) if (!PROMPTS.has(p)) return fail('OAUTH_INVALID_REQUEST', `Unsupported prompt: ${p}`);
  if (prompt.has('none') && prompt.size > 1) return fail('OAUTH_INVALID_REQUEST', 'prompt=none cannot be combined with other values');

  let maxAge: number | null = null;
  if (params.max_age !== undefined) {
    if (!/^\d{1,10}$/.test(params.max_age)) return fail('OAUTH_INVALID_REQUEST', 'Invalid parameter: max_age');
    maxAge = Number(params.max_age);
  }

  let api;
  try {
    api = await findApi(database, tenantId, params.audience);
  } catch (err) {
    if (err instanceof GatehouseError) return { ok: false, target, error: err };
    throw err;
  }

  const connection = params.connection ?? null;
  if (connection !== null) {
    const found = await createConnectionQueries(database, box, tenantId).findByName(connection);
    if (!found || !found.enabled_clients.includes(client.client_id)) {
      return fail('OAUTH_INVALID_REQUEST', `The connection ${connection} does not exist or is not enabled for this client.`);
    }
  }

  // Auth0 treats a request without scope as asking for openid.
  const scope = grantUserScopes(splitScope(params.scope ?? 'openid'), client, api).join(' ');
  return {
    ok: true,
    value: {
      client, target, redirectUriExplicit: params.redirect_uri !== undefined, responseType: 'code', scope,
      nonce: params.nonce ?? null, audience: api?.identifier ?? null,
      codeChallenge: challenge, codeChallengeMethod: method,
      prompt, maxAge, connection, loginHint: params.login_hint ?? null, screenHint: params.screen_hint ?? null,
      query: params as Record<string, string>,
    },
  };
}
