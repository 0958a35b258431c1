import { GatehouseError } from '../../errors/index.ts';
import { resolveDeps } from '../native-db/deps.ts';
import { createTicketQueries, createUserQueries, type UserRecord } from '../../storage/index.ts';
import { findDatabaseConnection, isLegacyMode } from './connection.ts';
import type { CustomDbDeps } from './deps.ts';
import { callScript } from './run-script.ts';

/**
 * The email-verification link, for any database connection. Legacy custom mode: the `verify`
 * script runs (`true` → verified; anything else → CUSTOM_DB_REFUSED) and, as on Auth0, the
 * stored `email_verified` is left to the next login or get_user profile to update. Native and
 * import mode: the stored flag is set. The link works once either way.
 */
export async function verifyEmail(deps: CustomDbDeps, input: { readonly tenantId: string; readonly ticket: string }): Promise<{ user: UserRecord }> {
  const d = resolveDeps(deps);
  const ticket = await createTicketQueries(d.database, input.tenantId).consume('email_verification', input.ticket, d.now().toISOString());
  const users = createUserQueries(d.database, input.tenantId);
  const user = ticket && await users.find(ticket.user_id);
  if (!user) throw new GatehouseError('TICKET_INVALID');
  const connection = await findDatabaseConnection(d, input.tenantId, user.connection);
  if (!isLegacyMode(connection)) return { user: (await users.update(user.user_id, { email_verified: true })) ?? user };
  const answer = await callScript(deps, { tenantId: input.tenantId, connection, script: 'verify', args: [user.email ?? ''] });
  if (answer !== true) throw new GatehouseError('CUSTOM_DB_REFUSED', 'The email address could not be verified.');
  return { user };
}
