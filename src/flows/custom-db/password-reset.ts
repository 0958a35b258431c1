import { randomBytes } from 'node:crypto';
import { GatehouseError } from '../../errors/index.ts';
import {
  checkPassword, hashPassword, inspectPasswordResetTicket, PasswordStrengthError, policyOf, RESET_PATH, TICKET_LIFETIME_SECONDS,
  type PasswordResetRequest, type UsableTicket,
} from '../native-db/index.ts';
import { resolveDeps } from '../native-db/deps.ts';
import { createTicketQueries, createUserQueries, type ConnectionRecord, type UserRecord } from '../../storage/index.ts';
import { findDatabaseConnection } from './connection.ts';
import type { CustomDbDeps } from './deps.ts';
import { callScript } from './run-script.ts';
import { profileOf, storeProfile } from './store-profile.ts';

/**
 * A reset request on a custom connection: `get_user` finds the user in the legacy store (legacy
 * mode always; import mode only for users not migrated yet, whose profile is then migrated
 * without a password). Found → a single-use link is mailed, exactly as on native connections.
 * The caller answers the same whether or not anyone was found, and a failing script changes
 * nothing of that answer (it is in the execution log).
 */
export async function requestCustomPasswordReset(deps: CustomDbDeps, connection: ConnectionRecord, input: PasswordResetRequest): Promise<{ link?: string }> {
  const d = resolveDeps(deps);
  const users = createUserQueries(d.database, input.tenantId);
  let user: UserRecord | undefined = connection.import_mode ? await users.findByEmail(connection.name, input.email) : undefined;
  if (!user) {
    let found: unknown;
    try {
      found = await callScript(deps, { tenantId: input.tenantId, connection, script: 'get_user', args: [input.email] });
    } catch (err) {
      deps.logger?.warn({ code: (err as GatehouseError).code, connection: connection.name }, 'get_user failed during a password reset request');
      return {};
    }
    if (found === null || found === undefined || found === false) return {};
    user = await storeProfile(deps, input.tenantId, connection, profileOf(found, 'get_user'));
  }
  if (!user.email) return {};
  const tickets = createTicketQueries(d.database, input.tenantId);
  await tickets.revokeForUser(user.user_id, 'password_reset');
  const token = randomBytes(32).toString('base64url');
  await tickets.create({
    type: 'password_reset', token, user_id: user.user_id, connection: connection.name,
    client_id: input.clientId ?? null, result_url: input.resultUrl ?? null,
    expires_at: new Date(d.now().getTime() + TICKET_LIFETIME_SECONDS * 1000).toISOString(),
  });
  const link = `${input.linkOrigin}${RESET_PATH}?ticket=${token}`;
  await d.mailer.send(input.tenantId, {
    template: 'reset_password',
    to: user.email,
    subject: 'Reset your password',
    text: `We received a request to reset the password of ${user.email}. Follow the link to choose a new one; it can be used once. If you did not ask for this, ignore this email.`,
    link,
  });
  return { link };
}

/** The user and connection (native or custom) of a reset link that can still be used; TICKET_INVALID otherwise. */
export async function inspectResetTicket(deps: CustomDbDeps, input: { readonly tenantId: string; readonly ticket: string }): Promise<UsableTicket> {
  return inspectPasswordResetTicket(deps, input, findDatabaseConnection);
}

/**
 * Completes a reset link on a custom connection. The policy is checked before the link is
 * spent. Legacy mode: `change_password(email, newPassword)`; `true` or an object is success,
 * `false` is CUSTOM_DB_REFUSED (the link is spent: ask for a new one). Import mode: the password
 * is set here (argon2id) and change_password is not called.
 */
export async function resetCustomPassword(
  deps: CustomDbDeps, connection: ConnectionRecord, input: { readonly tenantId: string; readonly ticket: string; readonly password: string },
): Promise<{ user: UserRecord; resultUrl: string | null }> {
  const d = resolveDeps(deps);
  const { policy, minLength } = policyOf(connection.options);
  const check = checkPassword(policy, input.password, minLength);
  if (!check.verified) throw new PasswordStrengthError(policy, check.rules);
  const tickets = createTicketQueries(d.database, input.tenantId);
  const ticket = await tickets.consume('password_reset', input.ticket, d.now().toISOString());
  if (!ticket) throw new GatehouseError('TICKET_INVALID');
  let user = await setCustomPassword(deps, connection, input.tenantId, ticket.user_id, input.password);
  // Following the link proves the mailbox; in legacy mode the store's own flag decides.
  if (connection.import_mode) user = (await createUserQueries(d.database, input.tenantId).update(user.user_id, { email_verified: true })) ?? user;
  return { user, resultUrl: ticket.result_url };
}

/** Legacy: change_password script; import mode: a local argon2id hash. Lifts brute-force blocks, voids open reset links. */
export async function setCustomPassword(deps: CustomDbDeps, connection: ConnectionRecord, tenantId: string, userId: string, password: string): Promise<UserRecord> {
  const d = resolveDeps(deps);
  const users = createUserQueries(d.database, tenantId);
  const user = await users.find(userId);
  if (!user) throw new GatehouseError('MGMT_NOT_FOUND', 'The user does not exist.');
  if (connection.import_mode) {
    await users.setPasswordHash(user.user_id, await hashPassword(password));
  } else {
    const answer = await callScript(deps, { tenantId, connection, script: 'change_password', args: [user.email ?? user.username ?? '', password], secrets: [password] });
    if (answer !== true && (answer === null || typeof answer !== 'object')) {
      throw new GatehouseError('CUSTOM_DB_REFUSED', 'The password could not be changed.');
    }
    const verified = (answer as { email_verified?: unknown }).email_verified;
    if (typeof verified === 'boolean') await users.update(user.user_id, { email_verified: verified });
  }
  await d.attempts.resetUser(tenantId, connection.name, user.user_id);
  await createTicketQueries(d.database, tenantId).revokeForUser(user.user_id, 'password_reset');
  return (await users.find(user.user_id)) ?? user;
}
