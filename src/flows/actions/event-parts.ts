import {
  createIdentityQueries, type ClientRecord, type ConnectionRecord, type Database, type ResourceServerRecord, type SecretBox, type UserRecord,
} from '../../storage/index.ts';

// The pieces every trigger's `event` shares (actions.md §3), built from storage records. Nothing
// secret goes in: no password hash, no IdP tokens, no client secret.

export interface EventIdentity {
  readonly provider: string;
  readonly connection: string;
  readonly user_id: string;
  readonly isSocial: boolean;
  readonly profileData?: Record<string, unknown>;
}

/** `event.user`: the normalized profile, identities without IdP tokens. */
export async function eventUser(deps: { readonly database: Database; readonly box: SecretBox }, user: UserRecord): Promise<Record<string, unknown>> {
  const stored = await createIdentityQueries(deps.database, deps.box, user.tenant_id).listForUser(user.user_id);
  const identities: EventIdentity[] = stored.length > 0
    ? stored.map((i) => ({
      provider: i.provider, connection: i.connection, user_id: i.identity_user_id, isSocial: i.is_social,
      ...(Object.keys(i.profile_data).length > 0 ? { profileData: i.profile_data } : {}),
    }))
    // Native database users have no identity row: theirs is implied by the user id, as Auth0 shows it.
    : [{ provider: 'auth0', connection: user.connection, user_id: user.user_id.replace(/^auth0\|/, ''), isSocial: false }];
  return {
    user_id: user.user_id,
    email: user.email ?? undefined,
    email_verified: user.email_verified,
    username: user.username ?? undefined,
    phone_number: user.phone_number ?? undefined,
    phone_verified: user.phone_verified,
    name: user.name ?? undefined,
    nickname: user.nickname ?? undefined,
    given_name: user.given_name ?? undefined,
    family_name: user.family_name ?? undefined,
    picture: user.picture ?? undefined,
    created_at: user.created_at,
    updated_at: user.updated_at,
    last_password_reset: user.last_password_reset ?? undefined,
    app_metadata: user.app_metadata,
    user_metadata: user.user_metadata,
    identities,
    multifactor: [],
    enrolledFactors: [],
  };
}

/** `event.client`. */
export function eventClient(client: ClientRecord): Record<string, unknown> {
  return { client_id: client.client_id, name: client.name, metadata: { ...client.client_metadata } };
}

/** `event.connection`; `metadata` is the connection's `options.metadata` when it has one. */
export function eventConnection(connection: ConnectionRecord): Record<string, unknown> {
  const metadata = connection.options.metadata;
  return {
    id: connection.id,
    name: connection.name,
    strategy: connection.strategy,
    metadata: metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata) ? { ...metadata } : {},
  };
}

/** `event.tenant`: Auth0 gives the tenant's name as its id. */
export function eventTenant(tenantName: string): Record<string, unknown> {
  return { id: tenantName };
}

/** `event.resource_server` when an audience was asked for. */
export function eventResourceServer(api: ResourceServerRecord | undefined): Record<string, unknown> | undefined {
  return api ? { identifier: api.identifier } : undefined;
}

/** Drops undefined values (they would not survive the trip into the container anyway). */
export function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
