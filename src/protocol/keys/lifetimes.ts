import { sql } from 'kysely';
import type { Database } from '../../storage/index.ts';

/** Auth0's ID token lifetime (seconds). */
export const ID_TOKEN_LIFETIME = 36_000;
/** Lifetime of access tokens with no API audience (only good for /userinfo). */
export const USERINFO_TOKEN_LIFETIME = 86_400;

/**
 * The longest a token signed now may stay valid in this tenant: a key that stopped signing must
 * stay in the JWKS this long. Read at each use, so raising an API's token lifetime also keeps
 * retired keys published longer.
 */
export async function maxTokenLifetime(database: Database, tenantId: string): Promise<number> {
  const row = await database.db.selectFrom('resource_servers')
    .select(sql<number | null>`max(token_lifetime)`.as('longest'))
    .where('tenant_id', '=', tenantId).executeTakeFirst();
  return Math.max(ID_TOKEN_LIFETIME, USERINFO_TOKEN_LIFETIME, Number(row?.longest ?? 0));
}
