export { openDatabase, redactUrl, type Database, type DialectName, type OpenDatabaseOptions } from './database.ts';
export { migrate, type MigrateOptions } from './migrate.ts';
export { migrationProvider, type Migration, type MigrationProvider } from './migrations/index.ts';
export type { Schema } from './schema.ts';
export { createSecretBox, loadSecretKey, parseSecretKey, type SecretBox, type LoadSecretKeyOptions } from './secret-box.ts';
export { createTenantQueries, normalizeHost, type Tenant, type TenantQueries, type CreateTenantInput } from './tenants.ts';
export {
  createClientQueries, newClientSecret,
  type ClientRecord, type ClientQueries, type CreateClientInput, type UpdateClientInput, type AppType, type TokenEndpointAuthMethod,
} from './clients.ts';
export {
  createConnectionQueries,
  type ConnectionRecord, type ConnectionQueries, type CreateConnectionInput, type UpdateConnectionInput, type ScriptVersion,
} from './connections.ts';
