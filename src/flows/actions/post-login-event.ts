import type {
  ClientRecord, ConnectionRecord, Database, RefreshTokenRecord, ResourceServerRecord, SecretBox, SessionRecord, UserRecord,
} from '../../storage/index.ts';
import type { EventRequest } from './event-request.ts';
import { compact, eventClient, eventConnection, eventResourceServer, eventTenant, eventUser } from './event-parts.ts';

/** `event.transaction` of post-login, from the authorization request (or the grant). */
export interface PostLoginTransaction {
  /** The login transaction id (browser flows). */
  readonly id?: string;
  /** oidc-basic-profile, oauth2-refresh-token, oauth2-password (actions.md "Which flows run post-login"). */
  readonly protocol: string;
  readonly requestedScopes: readonly string[];
  readonly redirectUri?: string;
  readonly state?: string | null;
  readonly responseType?: readonly string[];
  readonly responseMode?: string;
  readonly prompt?: readonly string[];
  readonly loginHint?: string | null;
  readonly uiLocales?: readonly string[];
  readonly acrValues?: readonly string[];
}

export interface PostLoginEventInput {
  readonly tenantName: string;
  readonly user: UserRecord;
  readonly client: ClientRecord;
  readonly connection?: ConnectionRecord;
  readonly request: EventRequest;
  readonly transaction: PostLoginTransaction;
  /** The SSO session, for browser flows (absent for the password grants, which start none). */
  readonly session?: SessionRecord;
  /** How the user proved who they are in this login: `pwd` at `authenticatedAt` (ISO). */
  readonly authentication?: { readonly method: string; readonly authenticatedAt: string };
  readonly api?: ResourceServerRecord;
  readonly refreshToken?: RefreshTokenRecord;
}

function epoch(iso: string): number {
  return Date.parse(iso);
}

function sessionOf(session: SessionRecord, request: EventRequest, clientId: string): Record<string, unknown> {
  return {
    id: session.sid,
    user_id: session.user_id,
    created_at: session.created_at,
    updated_at: session.last_seen_at,
    authenticated_at: session.authenticated_at,
    last_interacted_at: session.last_seen_at,
    expires_at: session.expires_at,
    // Gatehouse keeps no per-session device history yet: the current request stands in for it.
    device: { last_ip: request.ip, ...(request.user_agent ? { last_user_agent: request.user_agent } : {}) },
    clients: [{ client_id: clientId }],
  };
}

function refreshTokenOf(token: RefreshTokenRecord): Record<string, unknown> {
  return {
    id: token.family_id,
    client_id: token.client_id,
    user_id: token.user_id,
    created_at: token.created_at,
    expires_at: token.expires_at,
    session_id: token.sid ?? undefined,
    resource_servers: token.audience ? [{ audience: token.audience, scopes: token.scope }] : [],
    rotating: true,
    metadata: {},
  };
}

/** The post-login `event` (actions.md §3), without `secrets` (the engine adds them per Action). */
export async function postLoginEvent(deps: { readonly database: Database; readonly box: SecretBox }, input: PostLoginEventInput): Promise<Record<string, unknown>> {
  const t = input.transaction;
  const transaction = compact({
    id: t.id,
    protocol: t.protocol,
    requested_scopes: [...t.requestedScopes],
    redirect_uri: t.redirectUri,
    state: t.state ?? undefined,
    response_type: t.responseType ? [...t.responseType] : undefined,
    response_mode: t.responseMode,
    prompt: t.prompt ? [...t.prompt] : undefined,
    login_hint: t.loginHint ?? undefined,
    ui_locales: t.uiLocales ? [...t.uiLocales] : undefined,
    acr_values: t.acrValues ? [...t.acrValues] : undefined,
    locale: t.uiLocales?.[0] ?? input.request.language,
    metadata: {},
  });
  const auth = input.authentication;
  return compact({
    tenant: eventTenant(input.tenantName),
    client: eventClient(input.client),
    connection: input.connection ? eventConnection(input.connection) : undefined,
    user: await eventUser(deps, input.user),
    request: input.request,
    transaction,
    session: input.session ? sessionOf(input.session, input.request, input.client.client_id) : undefined,
    authentication: auth ? { methods: [{ name: auth.method, timestamp: epoch(auth.authenticatedAt) }] } : undefined,
    // Gatehouse has no roles yet (RBAC is scopes only): always an empty list, never absent.
    authorization: { roles: [] },
    stats: { logins_count: input.user.logins_count },
    resource_server: eventResourceServer(input.api),
    refresh_token: input.refreshToken ? refreshTokenOf(input.refreshToken) : undefined,
    configuration: {},
  });
}
