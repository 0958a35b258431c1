import { z } from 'zod';
import { pagingQuery } from '../pagination.ts';
import { passthroughFields } from '../schemas.ts';

/** Auth0 resource-server fields stored and returned without being acted on. */
export const RESOURCE_SERVER_EXTRA_FIELDS = [
  'token_lifetime_for_web', 'signing_secret', 'verificationLocation', 'options', 'consent_policy', 'authorization_details',
  'token_encryption', 'proof_of_possession', 'subject_type_authorization', 'client_id',
] as const;

const scope = z.object({ value: z.string().min(1).max(280), description: z.string().max(500).optional() });
const dialect = z.enum(['access_token', 'access_token_authz', 'rfc9068_profile', 'rfc9068_profile_authz']);

const fields = {
  name: z.string().min(1).max(200).optional(),
  scopes: z.array(scope).max(1000).optional(),
  signing_alg: z.enum(['RS256', 'HS256', 'PS256']).optional(),
  token_lifetime: z.number().int().min(1).max(2_592_000).optional(),
  enforce_policies: z.boolean().optional(),
  token_dialect: dialect.optional(),
  skip_consent_for_verifiable_first_party_clients: z.boolean().optional(),
  allow_offline_access: z.boolean().optional(),
  ...passthroughFields(RESOURCE_SERVER_EXTRA_FIELDS),
};

export const createResourceServerBody = z.strictObject({ identifier: z.string().min(1).max(600), ...fields });
export const updateResourceServerBody = z.strictObject({ ...fields, is_system: z.boolean().optional() });

export const resourceServer = z.looseObject({
  id: z.string(),
  name: z.string(),
  identifier: z.string(),
  is_system: z.boolean().optional(),
  scopes: z.array(scope),
  signing_alg: z.string(),
  token_lifetime: z.number(),
  enforce_policies: z.boolean(),
  token_dialect: z.string(),
  skip_consent_for_verifiable_first_party_clients: z.boolean(),
  allow_offline_access: z.boolean(),
});

export const listResourceServersQuery = z.strictObject({
  ...pagingQuery,
  identifiers: z.union([z.string(), z.array(z.string())]).optional(),
});

export const resourceServerList = z.union([
  z.array(resourceServer),
  z.object({ start: z.number(), limit: z.number(), length: z.number(), total: z.number(), resource_servers: z.array(resourceServer) }),
]);
