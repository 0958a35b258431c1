import { z } from 'zod';
import { pagingQuery } from '../pagination.ts';
import { fieldsQuery, passthroughFields, stringList } from '../schemas.ts';

/** Auth0 client fields Gatehouse stores and returns but does not act on (yet). */
export const CLIENT_EXTRA_FIELDS = [
  'logo_uri', 'oidc_conformant', 'jwt_configuration', 'sso', 'sso_disabled', 'cross_origin_auth', 'cross_origin_authentication',
  'cross_origin_loc', 'custom_login_page_on', 'custom_login_page', 'custom_login_page_preview', 'form_template',
  'initiate_login_uri', 'native_social_login', 'refresh_token', 'organization_usage', 'organization_require_behavior',
  'is_token_endpoint_ip_header_trusted', 'mobile', 'addons', 'allowed_origins', 'client_aliases', 'allowed_clients',
  'encryption_key', 'oidc_logout', 'oidc_backchannel_logout', 'require_pushed_authorization_requests', 'require_proof_of_possession',
  'compliance_level', 'default_organization', 'client_authentication_methods', 'signed_request_object', 'session_transfer',
  'token_quota', 'par_request_expiry', 'skip_non_verifiable_callback_uri_confirmation_prompt', 'organization_discovery_methods',
  'express_configuration', 'async_approval_notification_channels', 'third_party_security_mode', 'redirection_policy',
  'fedcm_login', 'callback_url_template', 'description_long',
] as const;

const appType = z.enum(['spa', 'native', 'regular_web', 'non_interactive']);
const authMethod = z.enum(['none', 'client_secret_post', 'client_secret_basic']);
const clientMetadata = z.record(z.string().max(255), z.string().max(255));

const clientFields = {
  description: z.string().max(140).nullable().optional(),
  app_type: appType.optional(),
  callbacks: stringList.optional(),
  allowed_logout_urls: stringList.optional(),
  web_origins: stringList.optional(),
  grant_types: stringList.optional(),
  client_metadata: clientMetadata.optional(),
  is_first_party: z.boolean().optional(),
  token_endpoint_auth_method: authMethod.optional(),
  ...passthroughFields(CLIENT_EXTRA_FIELDS),
};

export const createClientBody = z.strictObject({
  name: z.string().min(1).max(255),
  client_id: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/).optional(),
  client_secret: z.string().min(32).max(256).optional(),
  ...clientFields,
});

export const updateClientBody = z.strictObject({
  name: z.string().min(1).max(255).optional(),
  client_secret: z.string().min(32).max(256).optional(),
  ...clientFields,
  // Read-only fields the deploy CLI and SDK users send back unchanged; Auth0 ignores or rejects them.
  global: z.boolean().optional(),
});

export const client = z.looseObject({
  client_id: z.string(),
  tenant: z.string(),
  name: z.string(),
  description: z.string().optional(),
  global: z.boolean(),
  client_secret: z.string().optional(),
  app_type: appType,
  is_first_party: z.boolean(),
  callbacks: z.array(z.string()),
  allowed_logout_urls: z.array(z.string()),
  web_origins: z.array(z.string()),
  grant_types: z.array(z.string()),
  client_metadata: clientMetadata,
  token_endpoint_auth_method: authMethod,
});

export const listClientsQuery = z.strictObject({
  ...pagingQuery,
  ...fieldsQuery,
  app_type: z.string().optional(),
  is_global: z.enum(['true', 'false']).optional(),
  is_first_party: z.enum(['true', 'false']).optional(),
  q: z.string().optional(),
});

export const clientList = z.union([
  z.array(z.record(z.string(), z.unknown())),
  z.object({ start: z.number(), limit: z.number(), length: z.number(), total: z.number(), clients: z.array(z.record(z.string(), z.unknown())) }),
]);
