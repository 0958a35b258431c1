export { openDatabase, inTransaction, redactUrl, type Database, type DialectName, type OpenDatabaseOptions } from './database.ts';
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
export {
  createResourceServerQueries,
  type ResourceServerRecord, type ResourceServerQueries, type ResourceServerScope, type CreateResourceServerInput, type UpdateResourceServerInput,
} from './resource-servers.ts';
export {
  createUserQueries,
  type UserRecord, type UserQueries, type CreateUserInput, type UpdateUserInput, type ListUsersOptions,
} from './users.ts';
export {
  createIdentityQueries,
  type IdentityRecord, type IdentityQueries, type AddIdentityInput, type IdentityKey,
} from './user-identities.ts';
export {
  createSigningKeyQueries,
  type SigningKeyRecord, type SigningKeyQueries, type SigningKeyStatus, type CreateSigningKeyInput, type Jwk,
} from './signing-keys.ts';
export { createSecretQueries, type SecretRecord, type SecretName, type SecretQueries } from './secrets.ts';
export {
  createExecutionLogQueries,
  type ExecutionLogRecord, type ExecutionLogQueries, type InsertExecutionLogInput, type ListExecutionLogsOptions, type LogLine,
} from './execution-logs.ts';
export { createLoginAttemptQueries, type LoginAttemptKey, type LoginAttemptQueries } from './login-attempts.ts';
export {
  createTicketQueries, hashTicketToken,
  type TicketRecord, type TicketQueries, type TicketType, type CreateTicketInput,
} from './tickets.ts';
export { createSessionQueries, type SessionRecord, type SessionQueries, type CreateSessionInput } from './sessions.ts';
export {
  createLoginTransactionQueries,
  type LoginTransactionRecord, type LoginTransactionQueries, type CreateLoginTransactionInput,
} from './login-transactions.ts';
export {
  createAuthorizationCodeQueries,
  type AuthorizationCodeRecord, type AuthorizationCodeQueries, type CreateAuthorizationCodeInput,
} from './authorization-codes.ts';
export {
  createRefreshTokenQueries,
  type RefreshTokenRecord, type RefreshTokenQueries, type CreateRefreshTokenInput,
} from './refresh-tokens.ts';
export {
  createClientGrantQueries,
  type ClientGrantRecord, type ClientGrantQueries, type CreateClientGrantInput,
} from './client-grants.ts';
export {
  createActionFlowStateQueries,
  type ActionFlowStateRecord, type ActionFlowStateQueries, type CreateActionFlowStateInput,
} from './action-flow-states.ts';
export { createActionCodeEffectsQueries, type ActionCodeEffectsQueries } from './action-code-effects.ts';
export {
  createActionQueries,
  type ActionRecord, type ActionQueries, type ActionDependency, type ActionModulePin, type CreateActionInput, type UpdateActionInput,
} from './actions.ts';
export { createActionVersionQueries, type ActionVersionRecord, type ActionVersionQueries, type CreateActionVersionInput } from './action-versions.ts';
export { createActionBindingQueries, type ActionBindingRecord, type ActionBindingQueries, type FlowStep } from './action-bindings.ts';
export { createActionModuleQueries, type ActionModuleRecord, type ActionModuleQueries } from './action-modules.ts';
export { createActionModuleVersionQueries, type ActionModuleVersionRecord, type ActionModuleVersionQueries } from './action-module-versions.ts';
export { createActionCacheEntryQueries, type ActionCacheRow, type ActionCacheWrite, type ActionCacheEntryQueries } from './action-cache-entries.ts';
