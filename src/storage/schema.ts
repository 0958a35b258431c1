// Row types as stored. Portable across SQLite and PostgreSQL on purpose:
// - ids and timestamps are text (timestamps ISO 8601 UTC, so they sort as text);
// - booleans are integers 0/1 (node:sqlite cannot bind booleans);
// - JSON is text, parsed and validated with zod when read (json.ts);
// - columns ending in _enc hold SecretBox output, never plaintext.

export interface TenantsTable {
  id: string;
  name: string;
  created_at: string;
}

export interface TenantHostnamesTable {
  hostname: string;
  tenant_id: string;
  created_at: string;
}

export interface ClientsTable {
  tenant_id: string;
  client_id: string;
  name: string;
  description: string | null;
  app_type: string;
  client_secret_enc: string | null;
  redirect_uris: string;
  allowed_logout_urls: string;
  web_origins: string;
  grant_types: string;
  client_metadata: string;
  is_first_party: number;
  token_endpoint_auth_method: string;
  created_at: string;
  updated_at: string;
}

export interface ResourceServersTable {
  tenant_id: string;
  id: string;
  identifier: string;
  name: string;
  scopes: string;
  signing_alg: string;
  token_lifetime: number;
  enforce_policies: number;
  token_dialect: string;
  skip_consent_for_verifiable_first_party_clients: number;
  allow_offline_access: number;
  created_at: string;
  updated_at: string;
}

export interface ConnectionsTable {
  tenant_id: string;
  id: string;
  name: string;
  strategy: string;
  options: string;
  custom_scripts: string;
  scripts_version: number;
  configuration_enc: string | null;
  import_mode: number;
  enabled_clients: string;
  created_at: string;
  updated_at: string;
}

export interface ConnectionScriptVersionsTable {
  tenant_id: string;
  connection_id: string;
  version: number;
  custom_scripts: string;
  created_at: string;
}

export interface UsersTable {
  tenant_id: string;
  user_id: string;
  connection: string;
  email: string | null;
  email_verified: number;
  username: string | null;
  phone_number: string | null;
  phone_verified: number;
  name: string | null;
  nickname: string | null;
  picture: string | null;
  given_name: string | null;
  family_name: string | null;
  password_hash: string | null;
  user_metadata: string;
  app_metadata: string;
  blocked: number;
  created_at: string;
  updated_at: string;
  last_login: string | null;
  last_ip: string | null;
  logins_count: number;
  last_password_reset: string | null;
}

export interface UserIdentitiesTable {
  tenant_id: string;
  user_id: string;
  provider: string;
  connection: string;
  identity_user_id: string;
  is_social: number;
  profile_data: string;
  access_token_enc: string | null;
  refresh_token_enc: string | null;
  created_at: string;
}

export interface SigningKeysTable {
  tenant_id: string;
  kid: string;
  alg: string;
  private_jwk_enc: string;
  public_jwk: string;
  status: string;
  created_at: string;
  rotated_at: string | null;
}

export interface SecretsTable {
  tenant_id: string;
  owner_type: string;
  owner_id: string;
  name: string;
  value_enc: string;
  created_at: string;
  updated_at: string;
}

export interface ExecutionLogsTable {
  tenant_id: string;
  id: string;
  type: string;
  code_id: string;
  outcome: string;
  duration_ms: number;
  logs: string;
  details: string;
  created_at: string;
}

export interface LoginAttemptsTable {
  tenant_id: string;
  connection: string;
  user_id: string;
  ip: string;
  failures: number;
  first_failed_at: string;
  last_failed_at: string;
}

export interface TicketsTable {
  tenant_id: string;
  id: string;
  type: string;
  user_id: string;
  connection: string;
  client_id: string | null;
  result_url: string | null;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface SessionsTable {
  tenant_id: string;
  id_hash: string;
  sid: string;
  user_id: string;
  connection: string;
  auth_method: string;
  authenticated_at: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface LoginTransactionsTable {
  tenant_id: string;
  id: string;
  client_id: string;
  redirect_uri: string;
  redirect_uri_explicit: number;
  response_type: string;
  response_mode: string;
  scope: string;
  state: string | null;
  nonce: string | null;
  audience: string | null;
  code_challenge: string | null;
  code_challenge_method: string | null;
  prompt: string | null;
  max_age: number | null;
  connection: string | null;
  login_hint: string | null;
  screen_hint: string | null;
  query: string;
  browser_hash: string;
  created_at: string;
  expires_at: string;
  completed_at: string | null;
}

export interface AuthorizationCodesTable {
  tenant_id: string;
  code_hash: string;
  client_id: string;
  user_id: string;
  redirect_uri: string | null;
  scope: string;
  audience: string | null;
  nonce: string | null;
  code_challenge: string | null;
  code_challenge_method: string | null;
  sid: string | null;
  auth_time: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface RefreshTokensTable {
  tenant_id: string;
  token_hash: string;
  family_id: string;
  generation: number;
  client_id: string;
  user_id: string;
  scope: string;
  audience: string | null;
  sid: string | null;
  auth_time: string;
  code_hash: string | null;
  created_at: string;
  expires_at: string;
  rotated_at: string | null;
  revoked_at: string | null;
}

export interface ClientGrantsTable {
  tenant_id: string;
  id: string;
  client_id: string;
  audience: string;
  scopes: string;
  created_at: string;
  updated_at: string;
}

export interface ActionFlowStatesTable {
  tenant_id: string;
  id_hash: string;
  trigger_id: string;
  browser_hash: string;
  sid: string | null;
  flow_enc: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface ActionCodeEffectsTable {
  tenant_id: string;
  code_hash: string;
  effects: string;
  created_at: string;
  expires_at: string;
}

export interface ActionsTable {
  tenant_id: string;
  id: string;
  name: string;
  trigger_id: string;
  trigger_version: string;
  code: string;
  dependencies: string;
  runtime: string;
  modules: string;
  revision: number;
  created_at: string;
  updated_at: string;
}

export interface ActionVersionsTable {
  tenant_id: string;
  id: string;
  action_id: string;
  number: number;
  deployed: number;
  trigger_id: string;
  trigger_version: string;
  code: string;
  dependencies: string;
  runtime: string;
  modules: string;
  secrets_ref: string;
  draft_revision: number;
  built_at: string;
  created_at: string;
}

export interface ActionBindingsTable {
  tenant_id: string;
  id: string;
  trigger_id: string;
  position: number;
  action_id: string;
  display_name: string;
  created_at: string;
}

export interface ActionModulesTable {
  tenant_id: string;
  id: string;
  name: string;
  code: string;
  dependencies: string;
  created_at: string;
  updated_at: string;
}

export interface ActionModuleVersionsTable {
  tenant_id: string;
  id: string;
  module_id: string;
  number: number;
  code: string;
  dependencies: string;
  secrets_ref: string;
  created_at: string;
}

export interface ActionCacheTable {
  tenant_id: string;
  trigger_id: string;
  key: string;
  value: string;
  /** Epoch ms (bigint: PostgreSQL returns it as a string). */
  expires_at: number | string;
}

export interface Schema {
  tenants: TenantsTable;
  tenant_hostnames: TenantHostnamesTable;
  clients: ClientsTable;
  resource_servers: ResourceServersTable;
  connections: ConnectionsTable;
  connection_script_versions: ConnectionScriptVersionsTable;
  users: UsersTable;
  user_identities: UserIdentitiesTable;
  signing_keys: SigningKeysTable;
  secrets: SecretsTable;
  execution_logs: ExecutionLogsTable;
  sessions: SessionsTable;
  login_transactions: LoginTransactionsTable;
  authorization_codes: AuthorizationCodesTable;
  refresh_tokens: RefreshTokensTable;
  client_grants: ClientGrantsTable;
  login_attempts: LoginAttemptsTable;
  tickets: TicketsTable;
  action_flow_states: ActionFlowStatesTable;
  action_code_effects: ActionCodeEffectsTable;
  actions: ActionsTable;
  action_versions: ActionVersionsTable;
  action_bindings: ActionBindingsTable;
  action_modules: ActionModulesTable;
  action_module_versions: ActionModuleVersionsTable;
  action_cache: ActionCacheTable;
}
