import { createTenantQueries, normalizeHost, type Database, type ResourceServerRecord } from '../../storage/index.ts';

// The tenant's Management API as an OAuth resource server. Auth0 names it by the tenant's domain
// (`https://<tenant>.auth0.com/api/v2/`); a Gatehouse tenant answers on several hostnames and
// ports, so the API has one audience per host it is reached on, all of them the same API:
//   - tokens carry the audience the client asked for (`https://<host>[:port]/api/v2/`);
//   - client grants store MANAGEMENT_AUDIENCE_KEY and show the caller's own host's audience.
// Lives in flows/ because tenant creation, the token endpoint and the Management API all need it.

/** What a client grant for the Management API stores as its audience. */
export const MANAGEMENT_AUDIENCE_KEY = 'urn:gatehouse:management-api';
/** The id of the (virtual, never stored) resource server of the Management API. */
export const MANAGEMENT_API_ID = 'rs_management_api';
export const MANAGEMENT_API_NAME = 'Auth0 Management API';
export const MANAGEMENT_API_PATH = '/api/v2/';

/** Every scope of Auth0's Management API, the one list Gatehouse checks and grants. */
export const MANAGEMENT_SCOPES: readonly string[] = Object.freeze([
  'read:client_grants', 'create:client_grants', 'delete:client_grants', 'update:client_grants',
  'read:users', 'update:users', 'delete:users', 'create:users',
  'read:users_app_metadata', 'update:users_app_metadata', 'delete:users_app_metadata', 'create:users_app_metadata',
  'read:user_custom_blocks', 'create:user_custom_blocks', 'delete:user_custom_blocks',
  'create:user_tickets',
  'read:clients', 'update:clients', 'delete:clients', 'create:clients',
  'read:client_keys', 'update:client_keys', 'delete:client_keys', 'create:client_keys',
  'read:client_credentials', 'update:client_credentials', 'delete:client_credentials', 'create:client_credentials',
  'read:connections', 'update:connections', 'delete:connections', 'create:connections',
  'read:resource_servers', 'update:resource_servers', 'delete:resource_servers', 'create:resource_servers',
  'read:device_credentials', 'update:device_credentials', 'delete:device_credentials', 'create:device_credentials',
  'read:rules', 'update:rules', 'delete:rules', 'create:rules',
  'read:rules_configs', 'update:rules_configs', 'delete:rules_configs',
  'read:hooks', 'update:hooks', 'delete:hooks', 'create:hooks',
  'read:actions', 'update:actions', 'delete:actions', 'create:actions',
  'read:email_provider', 'update:email_provider', 'delete:email_provider', 'create:email_provider',
  'blacklist:tokens', 'read:stats', 'read:insights',
  'read:tenant_settings', 'update:tenant_settings',
  'read:logs', 'read:logs_users',
  'read:shields', 'create:shields', 'update:shields', 'delete:shields',
  'read:anomaly_blocks', 'delete:anomaly_blocks',
  'update:triggers', 'read:triggers',
  'read:grants', 'delete:grants',
  'read:guardian_factors', 'update:guardian_factors', 'read:guardian_enrollments', 'delete:guardian_enrollments',
  'create:guardian_enrollment_tickets',
  'read:user_idp_tokens',
  'create:passwords_checking_job', 'delete:passwords_checking_job',
  'read:custom_domains', 'delete:custom_domains', 'create:custom_domains', 'update:custom_domains',
  'read:email_templates', 'create:email_templates', 'update:email_templates',
  'read:mfa_policies', 'update:mfa_policies',
  'read:roles', 'create:roles', 'delete:roles', 'update:roles',
  'read:prompts', 'update:prompts',
  'read:branding', 'update:branding', 'delete:branding',
  'read:log_streams', 'create:log_streams', 'delete:log_streams', 'update:log_streams',
  'create:signing_keys', 'read:signing_keys', 'update:signing_keys',
  'read:limits', 'update:limits',
  'create:role_members', 'read:role_members', 'delete:role_members',
  'read:entitlements',
  'read:attack_protection', 'update:attack_protection',
  'read:organizations_summary', 'create:authentication_methods', 'read:authentication_methods',
  'update:authentication_methods', 'delete:authentication_methods',
  'read:organizations', 'update:organizations', 'create:organizations', 'delete:organizations',
  'create:organization_members', 'read:organization_members', 'delete:organization_members',
  'create:organization_connections', 'read:organization_connections', 'update:organization_connections', 'delete:organization_connections',
  'create:organization_member_roles', 'read:organization_member_roles', 'delete:organization_member_roles',
  'create:organization_invitations', 'read:organization_invitations', 'delete:organization_invitations',
  'read:scim_config', 'create:scim_config', 'update:scim_config', 'delete:scim_config',
  'create:scim_token', 'read:scim_token', 'delete:scim_token',
  'delete:phone_providers', 'create:phone_providers', 'read:phone_providers', 'update:phone_providers',
  'delete:phone_templates', 'create:phone_templates', 'read:phone_templates', 'update:phone_templates',
  'create:encryption_keys', 'read:encryption_keys', 'update:encryption_keys', 'delete:encryption_keys',
  'read:sessions', 'delete:sessions', 'read:refresh_tokens', 'delete:refresh_tokens',
  'create:self_service_profiles', 'read:self_service_profiles', 'update:self_service_profiles', 'delete:self_service_profiles',
  'create:sso_access_tickets', 'delete:sso_access_tickets',
  'read:forms', 'update:forms', 'delete:forms', 'create:forms',
  'read:flows', 'update:flows', 'delete:flows', 'create:flows',
  'read:flows_vault', 'read:flows_vault_connections', 'update:flows_vault_connections', 'delete:flows_vault_connections', 'create:flows_vault_connections',
  'read:flows_executions', 'delete:flows_executions',
  'read:connections_options', 'update:connections_options',
  'read:self_service_profile_custom_texts', 'update:self_service_profile_custom_texts',
  'create:network_acls', 'update:network_acls', 'read:network_acls', 'delete:network_acls',
  'delete:vdcs_templates', 'read:vdcs_templates', 'create:vdcs_templates', 'update:vdcs_templates',
  'create:custom_signing_keys', 'read:custom_signing_keys', 'update:custom_signing_keys', 'delete:custom_signing_keys',
  'read:federated_connections_tokens', 'delete:federated_connections_tokens',
  'create:user_attribute_profiles', 'read:user_attribute_profiles', 'update:user_attribute_profiles', 'delete:user_attribute_profiles',
  'read:event_streams', 'create:event_streams', 'delete:event_streams', 'update:event_streams',
  'read:event_deliveries', 'update:event_deliveries',
  'create:connection_profiles', 'read:connection_profiles', 'update:connection_profiles', 'delete:connection_profiles',
  'read:organization_client_grants', 'create:organization_client_grants', 'delete:organization_client_grants',
  'read:security_metrics', 'read:connections_keys', 'update:connections_keys', 'create:connections_keys',
]);

/** The audience the Management API has when reached through `issuer` (`https://host[:port]/`). */
export function managementAudience(issuer: string): string {
  return `${issuer.replace(/\/$/, '')}${MANAGEMENT_API_PATH}`;
}

/** True when `audience` is `http(s)://<one of the hostnames>[:port]/api/v2/`. */
export function isManagementAudienceOf(audience: string, hostnames: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(audience);
  } catch {
    return false;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.pathname !== MANAGEMENT_API_PATH || url.search || url.hash) return false;
  if (url.username || url.password) return false;
  return hostnames.includes(normalizeHost(url.host));
}

/** The Management API's resource server when `audience` names it for this tenant; undefined otherwise. */
export async function findManagementApi(database: Database, tenantId: string, audience: string): Promise<ResourceServerRecord | undefined> {
  if (!audience.endsWith(MANAGEMENT_API_PATH)) return undefined;
  const tenant = await createTenantQueries(database).findById(tenantId);
  if (!tenant || !isManagementAudienceOf(audience, tenant.hostnames)) return undefined;
  return managementApiRecord(tenantId, audience);
}

/**
 * The virtual resource server. It lists no scopes on purpose: user flows (authorization code,
 * password) grant only an API's listed scopes, so a user can never obtain a Management API
 * scope; client_credentials grants what the client grant says.
 */
export function managementApiRecord(tenantId: string, audience: string): ResourceServerRecord {
  return {
    tenant_id: tenantId,
    id: MANAGEMENT_API_ID,
    identifier: audience,
    name: MANAGEMENT_API_NAME,
    scopes: [],
    signing_alg: 'RS256',
    token_lifetime: 86400,
    enforce_policies: false,
    token_dialect: 'access_token',
    skip_consent_for_verifiable_first_party_clients: false,
    allow_offline_access: false,
    created_at: '1970-01-01T00:00:00.000Z',
    updated_at: '1970-01-01T00:00:00.000Z',
  };
}

/** The audience a client grant for `api` is stored under. */
export function grantAudienceOf(api: Pick<ResourceServerRecord, 'id' | 'identifier'>): string {
  return api.id === MANAGEMENT_API_ID ? MANAGEMENT_AUDIENCE_KEY : api.identifier;
}
