import { z } from 'zod';
import { checkpointQuery, pagingQuery } from '../pagination.ts';
import { fieldsQuery, passthroughFields, stringList } from '../schemas.ts';

/** Connection fields (outside `options`) stored and returned without being acted on. */
export const CONNECTION_EXTRA_FIELDS = ['display_name', 'metadata', 'realms', 'is_domain_connection', 'show_as_button', 'authentication', 'connected_accounts'] as const;

/** What Auth0 returns instead of a configuration value: they are write-only. */
export const MASKED_VALUE = '_VALUE_NOT_SHOWN_';

// options is free-form as on Auth0 (every strategy has its own), but the parts Gatehouse acts on
// are typed: scripts (size and syntax are checked on save), configuration, import mode.
const options = z.looseObject({
  customScripts: z.record(z.string(), z.string()).optional(),
  configuration: z.record(z.string(), z.string()).nullable().optional(),
  enabledDatabaseCustomization: z.boolean().optional(),
  import_mode: z.boolean().optional(),
  requires_username: z.boolean().optional(),
  disable_signup: z.boolean().optional(),
  brute_force_protection: z.boolean().optional(),
  passwordPolicy: z.enum(['none', 'low', 'fair', 'good', 'excellent']).nullable().optional(),
});

export const createConnectionBody = z.strictObject({
  name: z.string().min(1).max(128),
  strategy: z.string().min(1).max(64),
  options: options.optional(),
  enabled_clients: stringList.optional(),
  ...passthroughFields(CONNECTION_EXTRA_FIELDS),
});

export const updateConnectionBody = z.strictObject({
  options: options.nullable().optional(),
  enabled_clients: stringList.optional(),
  ...passthroughFields(CONNECTION_EXTRA_FIELDS),
});

export const connection = z.looseObject({
  id: z.string(),
  name: z.string(),
  strategy: z.string(),
  options: z.record(z.string(), z.unknown()),
  enabled_clients: z.array(z.string()),
  realms: z.array(z.string()),
  is_domain_connection: z.boolean(),
});

export const listConnectionsQuery = z.object({
  ...pagingQuery,
  ...checkpointQuery,
  ...fieldsQuery,
  strategy: z.union([z.string(), z.array(z.string())]).optional(),
  name: z.string().optional(),
});

export const connectionClientsBody = z.array(z.strictObject({ client_id: z.string().min(1), status: z.boolean() })).max(50);
