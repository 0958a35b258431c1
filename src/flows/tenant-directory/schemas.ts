import { z } from 'zod';

// What each file of the directory must hold for Gatehouse to use it. Everything else in a file
// is kept as it is (passthrough), so unknown Auth0 fields survive a round trip.

const name = z.string({ error: 'needs a "name" (text)' }).min(1, { error: 'needs a non-empty "name"' });

export const clientFile = z.looseObject({
  name,
  app_type: z.enum(['spa', 'native', 'regular_web', 'non_interactive'], { error: 'app_type must be spa, native, regular_web or non_interactive' }).optional(),
  callbacks: z.array(z.string(), { error: 'callbacks must be a list of URLs' }).optional(),
  allowed_logout_urls: z.array(z.string(), { error: 'allowed_logout_urls must be a list of URLs' }).optional(),
  web_origins: z.array(z.string(), { error: 'web_origins must be a list of URLs' }).optional(),
  grant_types: z.array(z.string(), { error: 'grant_types must be a list' }).optional(),
  client_metadata: z.record(z.string(), z.string(), { error: 'client_metadata values must be text' }).optional(),
  token_endpoint_auth_method: z.enum(['none', 'client_secret_post', 'client_secret_basic'], { error: 'token_endpoint_auth_method must be none, client_secret_post or client_secret_basic' }).optional(),
  is_first_party: z.boolean({ error: 'is_first_party must be true or false' }).optional(),
  description: z.string({ error: 'description must be text' }).optional(),
  client_secret: z.string({ error: 'client_secret must be text' }).optional(),
});

export const resourceServerFile = z.looseObject({
  name,
  identifier: z.string({ error: 'needs an "identifier" (the API audience)' }).min(1, { error: 'needs a non-empty "identifier"' }),
  scopes: z.array(z.object({ value: z.string(), description: z.string().optional() }), { error: 'scopes must be a list of {"value", "description"}' }).optional(),
  signing_alg: z.string().optional(),
  token_lifetime: z.number({ error: 'token_lifetime must be a number of seconds' }).int().positive().optional(),
  enforce_policies: z.boolean().optional(),
  token_dialect: z.string().optional(),
  skip_consent_for_verifiable_first_party_clients: z.boolean().optional(),
  allow_offline_access: z.boolean().optional(),
});

export const databaseFile = z.looseObject({
  name,
  strategy: z.literal('auth0', { error: 'strategy must be "auth0" (a database connection)' }).optional(),
  enabled_clients: z.array(z.string(), { error: 'enabled_clients must be a list of application names' }).optional(),
  options: z.looseObject({
    customScripts: z.record(z.string(), z.string(), { error: 'options.customScripts must map script names to file paths' }).optional(),
    configuration: z.record(z.string(), z.string(), { error: 'options.configuration values must be text' }).optional(),
    import_mode: z.boolean().optional(),
    enabledDatabaseCustomization: z.boolean().optional(),
  }).optional(),
});

export const actionFile = z.looseObject({
  name,
  code: z.string({ error: 'code must be the path of the code file' }).optional(),
  runtime: z.string().optional(),
  dependencies: z.array(z.object({ name: z.string(), version: z.string() }), { error: 'dependencies must be a list of {"name", "version"}' }).optional(),
  secrets: z.array(z.object({ name: z.string(), value: z.string().optional() }), { error: 'secrets must be a list of {"name", "value"}' }).optional(),
  supported_triggers: z.array(z.object({ id: z.string(), version: z.string().optional() }), { error: 'supported_triggers must be a list of {"id", "version"}' })
    .min(1, { error: 'supported_triggers needs at least one trigger' }),
  deployed: z.boolean().optional(),
});

export const triggersFile = z.record(
  z.string(),
  z.array(z.object({ action_name: z.string({ error: 'each binding needs an "action_name"' }), display_name: z.string().optional() }), { error: 'each trigger must list {"action_name", "display_name"}' }),
);

/** First issue of a zod error as "path: message". */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${path}${issue.message}`;
}
