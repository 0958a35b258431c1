import type { Kysely } from 'kysely';

// Fields of Auth0's Management API objects (clients, resource servers, connections) that
// Gatehouse accepts and returns but does not act on (jwt_configuration, oidc_conformant,
// token_lifetime_for_web, display_name, …). Kept as one JSON object per object so an Auth0
// export imported through the Management API comes back out unchanged.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('management_extras')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('extras', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('management_extras_pk', ['tenant_id', 'kind', 'id'])
    .execute();
}
