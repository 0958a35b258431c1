import { GatehouseError } from '../../errors/index.ts';
import { isCustomDb } from '../../extensibility/custom-db/index.ts';
import { createConnectionQueries, type ConnectionRecord, type Database, type SecretBox } from '../../storage/index.ts';

/** The named database connection (strategy `auth0`), native or custom; DBCONN_BAD_CONNECTION otherwise. */
export async function findDatabaseConnection(deps: { readonly database: Database; readonly box: SecretBox }, tenantId: string, name: string): Promise<ConnectionRecord> {
  const connection = await createConnectionQueries(deps.database, deps.box, tenantId).findByName(name);
  if (!connection || connection.strategy !== 'auth0') {
    throw new GatehouseError('DBCONN_BAD_CONNECTION', 'The connection does not exist or is not a database connection.');
  }
  return connection;
}

/** Legacy-store-only mode: a custom connection without import mode (the scripts own the users). */
export function isLegacyMode(connection: ConnectionRecord): boolean {
  return isCustomDb(connection) && !connection.import_mode;
}

export { isCustomDb };
