import type { Kysely } from 'kysely';

// State of the OAuth/OIDC server: browser sessions (SSO), login transactions started by
// /authorize, authorization codes, refresh-token families and client grants. Secrets handed to
// browsers and clients (session cookie, code, refresh token) are stored as SHA-256 hashes only,
// so a copy of the database cannot be replayed against the server.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('sessions')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('id_hash', 'text', (c) => c.notNull())
    .addColumn('sid', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('connection', 'text', (c) => c.notNull())
    .addColumn('auth_method', 'text', (c) => c.notNull())
    .addColumn('authenticated_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sessions_pk', ['tenant_id', 'id_hash'])
    .addForeignKeyConstraint('sessions_user_fk', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'user_id'], (f) => f.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('sessions_sid_idx').on('sessions').columns(['tenant_id', 'sid']).execute();

  await db.schema.createTable('login_transactions')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('redirect_uri_explicit', 'integer', (c) => c.notNull())
    .addColumn('response_type', 'text', (c) => c.notNull())
    .addColumn('response_mode', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('state', 'text')
    .addColumn('nonce', 'text')
    .addColumn('audience', 'text')
    .addColumn('code_challenge', 'text')
    .addColumn('code_challenge_method', 'text')
    .addColumn('prompt', 'text')
    .addColumn('max_age', 'integer')
    .addColumn('connection', 'text')
    .addColumn('login_hint', 'text')
    .addColumn('screen_hint', 'text')
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('browser_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addPrimaryKeyConstraint('login_transactions_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('login_transactions_client_fk', ['tenant_id', 'client_id'], 'clients', ['tenant_id', 'client_id'], (f) => f.onDelete('cascade'))
    .execute();

  await db.schema.createTable('authorization_codes')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('redirect_uri', 'text')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('audience', 'text')
    .addColumn('nonce', 'text')
    .addColumn('code_challenge', 'text')
    .addColumn('code_challenge_method', 'text')
    .addColumn('sid', 'text')
    .addColumn('auth_time', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addPrimaryKeyConstraint('authorization_codes_pk', ['tenant_id', 'code_hash'])
    .addForeignKeyConstraint('authorization_codes_client_fk', ['tenant_id', 'client_id'], 'clients', ['tenant_id', 'client_id'], (f) => f.onDelete('cascade'))
    .addForeignKeyConstraint('authorization_codes_user_fk', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'user_id'], (f) => f.onDelete('cascade'))
    .execute();

  await db.schema.createTable('refresh_tokens')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('family_id', 'text', (c) => c.notNull())
    .addColumn('generation', 'integer', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('audience', 'text')
    .addColumn('sid', 'text')
    .addColumn('auth_time', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('rotated_at', 'text')
    .addColumn('revoked_at', 'text')
    .addPrimaryKeyConstraint('refresh_tokens_pk', ['tenant_id', 'token_hash'])
    .addForeignKeyConstraint('refresh_tokens_client_fk', ['tenant_id', 'client_id'], 'clients', ['tenant_id', 'client_id'], (f) => f.onDelete('cascade'))
    .addForeignKeyConstraint('refresh_tokens_user_fk', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'user_id'], (f) => f.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('refresh_tokens_family_idx').on('refresh_tokens').columns(['tenant_id', 'family_id']).execute();
  await db.schema.createIndex('refresh_tokens_code_idx').on('refresh_tokens').columns(['tenant_id', 'code_hash']).execute();

  await db.schema.createTable('client_grants')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('client_grants_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('client_grants_client_audience_uq', ['tenant_id', 'client_id', 'audience'])
    .addForeignKeyConstraint('client_grants_client_fk', ['tenant_id', 'client_id'], 'clients', ['tenant_id', 'client_id'], (f) => f.onDelete('cascade'))
    .execute();
}
