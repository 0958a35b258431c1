import type { Kysely } from 'kysely';

// The Actions engine (actions.md §9): Actions (the editable draft), their immutable numbered
// versions, the ordered bindings of each trigger, Action Modules and their versions, and the
// api.cache table used when no Redis is configured. Secrets live in the `secrets` table
// (owner types 'action', 'action-version', 'action-module', 'action-module-version'), sealed.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('actions')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('trigger_id', 'text', (c) => c.notNull())
    .addColumn('trigger_version', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('dependencies', 'text', (c) => c.notNull())
    .addColumn('runtime', 'text', (c) => c.notNull())
    .addColumn('modules', 'text', (c) => c.notNull())
    // Bumped by every draft change (code, deps, runtime, modules, secrets): all_changes_deployed
    // compares it with the revision the deployed version was made from.
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('actions_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('actions_name_uq', ['tenant_id', 'name'])
    .execute();

  await db.schema.createTable('action_versions')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('action_id', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('deployed', 'integer', (c) => c.notNull())
    .addColumn('trigger_id', 'text', (c) => c.notNull())
    .addColumn('trigger_version', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('dependencies', 'text', (c) => c.notNull())
    .addColumn('runtime', 'text', (c) => c.notNull())
    .addColumn('modules', 'text', (c) => c.notNull())
    /** Owner id of this version's secrets snapshot in `secrets` (owner type 'action-version'). */
    .addColumn('secrets_ref', 'text', (c) => c.notNull())
    .addColumn('draft_revision', 'integer', (c) => c.notNull())
    .addColumn('built_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('action_versions_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('action_versions_number_uq', ['tenant_id', 'action_id', 'number'])
    .addForeignKeyConstraint('action_versions_action_fk', ['tenant_id', 'action_id'], 'actions', ['tenant_id', 'id'], (f) => f.onDelete('cascade'))
    .execute();

  await db.schema.createTable('action_bindings')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('trigger_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('action_id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('action_bindings_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('action_bindings_position_uq', ['tenant_id', 'trigger_id', 'position'])
    .addForeignKeyConstraint('action_bindings_action_fk', ['tenant_id', 'action_id'], 'actions', ['tenant_id', 'id'])
    .execute();

  await db.schema.createTable('action_modules')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('dependencies', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('action_modules_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('action_modules_name_uq', ['tenant_id', 'name'])
    .execute();

  await db.schema.createTable('action_module_versions')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('module_id', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('dependencies', 'text', (c) => c.notNull())
    .addColumn('secrets_ref', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('action_module_versions_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('action_module_versions_number_uq', ['tenant_id', 'module_id', 'number'])
    .addForeignKeyConstraint('action_module_versions_module_fk', ['tenant_id', 'module_id'], 'action_modules', ['tenant_id', 'id'], (f) => f.onDelete('cascade'))
    .execute();

  // api.cache without Redis: expires_at in epoch ms; expired rows are ignored when read and
  // deleted when their trigger's cache is next written.
  await db.schema.createTable('action_cache')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('trigger_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('action_cache_pk', ['tenant_id', 'trigger_id', 'key'])
    .execute();
}
