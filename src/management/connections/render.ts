import type { ConnectionRecord } from '../../storage/index.ts';
import { MASKED_VALUE } from './schemas.ts';

/**
 * A connection as Auth0 returns it: scripts under options.customScripts, configuration under
 * options.configuration with every value masked (they hold database passwords and are
 * write-only, as Auth0 returns them only encrypted).
 */
export function renderConnection(record: ConnectionRecord, extras: Record<string, unknown>): Record<string, unknown> {
  const options: Record<string, unknown> = { ...record.options };
  if (Object.keys(record.custom_scripts).length > 0) options.customScripts = record.custom_scripts;
  const keys = Object.keys(record.configuration);
  if (keys.length > 0) options.configuration = Object.fromEntries(keys.map((k) => [k, MASKED_VALUE]));
  return {
    ...extras,
    id: record.id,
    name: record.name,
    strategy: record.strategy,
    options,
    enabled_clients: record.enabled_clients,
    realms: Array.isArray(extras.realms) ? extras.realms : [record.name],
    is_domain_connection: typeof extras.is_domain_connection === 'boolean' ? extras.is_domain_connection : false,
  };
}

/** Incoming configuration: a masked value sent back unchanged keeps the stored secret. */
export function unmaskConfiguration(incoming: Readonly<Record<string, string>>, stored: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(incoming)
    .filter(([k, v]) => v !== MASKED_VALUE || stored[k] !== undefined)
    .map(([k, v]) => [k, v === MASKED_VALUE ? stored[k] : v]));
}
