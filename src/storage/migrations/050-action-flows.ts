import type { Kysely } from 'kysely';

// State the login pipeline keeps for Actions (docs/actions.md):
// - action_flow_states: a post-login flow suspended by api.redirect.sendUserTo, waiting for the
//   browser to come back to /continue. Keyed by the SHA-256 of the opaque `state` handed to the
//   external site, so a database dump cannot resume anyone's login; bound to the browser cookie
//   and the SSO session that started it; single use (used_at); sealed, because the suspended
//   execution carries the event (and the Action's secrets).
// - action_code_effects: what post-login decided for the tokens of an authorization code (custom
//   claims, scope changes), read when the code is exchanged at /oauth/token.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('action_flow_states')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('id_hash', 'text', (c) => c.notNull())
    .addColumn('trigger_id', 'text', (c) => c.notNull())
    .addColumn('browser_hash', 'text', (c) => c.notNull())
    .addColumn('sid', 'text')
    .addColumn('flow_enc', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addPrimaryKeyConstraint('action_flow_states_pk', ['tenant_id', 'id_hash'])
    .execute();
  await db.schema.createIndex('action_flow_states_expiry_idx').on('action_flow_states').columns(['tenant_id', 'expires_at']).execute();

  await db.schema.createTable('action_code_effects')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('effects', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('action_code_effects_pk', ['tenant_id', 'code_hash'])
    .execute();
  await db.schema.createIndex('action_code_effects_expiry_idx').on('action_code_effects').columns(['tenant_id', 'expires_at']).execute();
}
