import { GatehouseError } from '../../errors/index.ts';
import { changePassword as changeNativePassword, deleteUser as deleteNativeUser } from '../native-db/index.ts';
import { createIdentityQueries, createUserQueries, type UserRecord } from '../../storage/index.ts';
import { findDatabaseConnection, isCustomDb, isLegacyMode } from './connection.ts';
import type { CustomDbDeps } from './deps.ts';
import { setCustomPassword } from './password-reset.ts';
import { callScript } from './run-script.ts';
import { startPostChangePassword } from '../actions/index.ts';

// What the Management API (and admin tools) call to change or delete a database user. On a
// legacy-mode custom connection the legacy store decides first (change_email, delete,
// change_password scripts); elsewhere the change is Gatehouse's alone.

async function userAndConnection(deps: CustomDbDeps, tenantId: string, userId: string) {
  const user = await createUserQueries(deps.database, tenantId).find(userId);
  if (!user) throw new GatehouseError('MGMT_NOT_FOUND', 'The user does not exist.');
  return { user, connection: await findDatabaseConnection(deps, tenantId, user.connection) };
}

/** change_email(email, newEmail, verified): `true` → stored; `false` → CUSTOM_DB_REFUSED; an error → its mapping. */
export async function changeEmail(deps: CustomDbDeps, input: { readonly tenantId: string; readonly userId: string; readonly email: string; readonly verified?: boolean }): Promise<UserRecord> {
  const { user, connection } = await userAndConnection(deps, input.tenantId, input.userId);
  const verified = input.verified ?? false;
  if (isLegacyMode(connection)) {
    const answer = await callScript(deps, { tenantId: input.tenantId, connection, script: 'change_email', args: [user.email ?? '', input.email, verified] });
    if (answer !== true) throw new GatehouseError('CUSTOM_DB_REFUSED', 'The email address could not be changed.');
  }
  const updated = await createUserQueries(deps.database, input.tenantId).update(user.user_id, { email: input.email, email_verified: verified });
  return updated ?? user;
}

/**
 * delete(id) with the identity's unprefixed id; the user is deleted here only if the script
 * succeeds (Auth0's rule), so a failing legacy store keeps both copies. Returns false if absent.
 */
export async function deleteUser(deps: CustomDbDeps, input: { readonly tenantId: string; readonly userId: string }): Promise<boolean> {
  const user = await createUserQueries(deps.database, input.tenantId).find(input.userId);
  if (!user) return false;
  const connection = await findDatabaseConnection(deps, input.tenantId, user.connection);
  if (isLegacyMode(connection)) {
    const identities = await createIdentityQueries(deps.database, deps.box, input.tenantId).listForUser(user.user_id);
    const identity = identities.find((i) => i.provider === 'auth0' && i.connection === connection.name);
    const id = identity?.identity_user_id ?? user.user_id.replace(/^auth0\|/, '');
    await callScript(deps, { tenantId: input.tenantId, connection, script: 'delete', args: [id] });
  }
  return deleteNativeUser(deps, input);
}

/** An admin password change: change_password in legacy mode, a local hash in import mode and on native connections. */
export async function changePassword(deps: CustomDbDeps, input: { readonly tenantId: string; readonly userId: string; readonly password: string }): Promise<UserRecord> {
  const { user, connection } = await userAndConnection(deps, input.tenantId, input.userId);
  const changed = isCustomDb(connection)
    ? await setCustomPassword(deps, connection, input.tenantId, user.user_id, input.password)
    : (await changeNativePassword(deps, input)).user;
  // Auth0 runs post-change-password for admin changes too; not waited for.
  void startPostChangePassword(deps, { tenantId: input.tenantId, connection, user: changed });
  return changed;
}
