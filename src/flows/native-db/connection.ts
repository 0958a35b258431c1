import { GatehouseError } from '../../errors/index.ts';
import { createConnectionQueries, type ConnectionRecord, type Database, type SecretBox } from '../../storage/index.ts';
import { checkPassword, policyOf } from './password-policy.ts';
import { PasswordStrengthError } from './password-strength-error.ts';

/**
 * The named connection if Gatehouse stores its users itself: strategy `auth0` without database
 * customization (custom database scripts are served by the extensibility layer, not here).
 */
export async function findNativeConnection(deps: { readonly database: Database; readonly box: SecretBox }, tenantId: string, name: string): Promise<ConnectionRecord> {
  const connection = await createConnectionQueries(deps.database, deps.box, tenantId).findByName(name);
  if (!connection || connection.strategy !== 'auth0') {
    throw new GatehouseError('DBCONN_BAD_CONNECTION', 'The connection does not exist or is not a database connection.');
  }
  if (connection.options.enabledDatabaseCustomization === true) {
    throw new GatehouseError('DBCONN_BAD_CONNECTION', 'The connection uses custom database scripts; the native database does not serve it.');
  }
  return connection;
}

/** Brute-force protection is on unless the connection turns it off, as on Auth0. */
export function bruteForceProtected(connection: ConnectionRecord): boolean {
  return connection.options.brute_force_protection !== false;
}

/** Throws PasswordStrengthError when the password fails the connection's policy. */
export function enforcePolicy(connection: ConnectionRecord, password: string): void {
  const { policy, minLength } = policyOf(connection.options);
  const check = checkPassword(policy, password, minLength);
  if (!check.verified) throw new PasswordStrengthError(policy, check.rules);
}
