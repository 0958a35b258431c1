import type { Kysely } from 'kysely';

// Brute-force counters and single-use tickets of the native database connection. Both are
// tenant-owned and go with their tenant; a ticket also goes with its user.

export async function up(db: Kysely<any>): Promise<void> {
  // One row per (user, IP) that has failed since its last success: the count is of consecutive
  // failures, so a success deletes the row instead of keeping zeros around.
  await db.schema.createTable('login_attempts')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('connection', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('first_failed_at', 'text', (c) => c.notNull())
    .addColumn('last_failed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('login_attempts_pk', ['tenant_id', 'connection', 'user_id', 'ip'])
    .execute();

  // The token itself is never stored: `id` is its SHA-256, so a database dump yields no usable link.
  await db.schema.createTable('tickets')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('connection', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text')
    .addColumn('result_url', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('tickets_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('tickets_user_fk', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'user_id'], (f) => f.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('tickets_user_idx').on('tickets').columns(['tenant_id', 'user_id']).execute();
}
