import { randomBytes } from 'node:crypto';
import { GatehouseError } from '../../errors/index.ts';
import { createTicketQueries, createUserQueries, type ConnectionRecord, type UserRecord } from '../../storage/index.ts';
import { changePassword } from './change-password.ts';
import { enforcePolicy, findNativeConnection } from './connection.ts';
import { resolveDeps, type NativeDbDeps } from './deps.ts';

/** Auth0's default lifetime of the links in its reset and verification emails: 5 days. */
export const TICKET_LIFETIME_SECONDS = 5 * 24 * 3600;

export const RESET_PATH = '/u/reset-password/ticket';
export const VERIFY_PATH = '/u/email-verification';

export interface PasswordResetRequest {
  readonly tenantId: string;
  readonly connection: string;
  readonly email: string;
  /** Origin the link points at, e.g. http://localhost:3000. */
  readonly linkOrigin: string;
  readonly clientId?: string;
  readonly resultUrl?: string;
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function expiry(d: ReturnType<typeof resolveDeps>): string {
  return new Date(d.now().getTime() + TICKET_LIFETIME_SECONDS * 1000).toISOString();
}

/**
 * Mails a reset link when the email has an account and does nothing otherwise; the caller answers
 * the same either way, so the endpoint cannot be used to find out who has an account. A new link
 * voids the earlier ones. `link` is returned for tests and admin tools, never to the requester.
 */
export async function requestPasswordReset(deps: NativeDbDeps, input: PasswordResetRequest): Promise<{ link?: string }> {
  const d = resolveDeps(deps);
  const connection = await findNativeConnection(d, input.tenantId, input.connection);
  const user = await createUserQueries(d.database, input.tenantId).findByEmail(connection.name, input.email);
  if (!user || !user.email) return {};
  const tickets = createTicketQueries(d.database, input.tenantId);
  await tickets.revokeForUser(user.user_id, 'password_reset');
  const token = newToken();
  await tickets.create({
    type: 'password_reset', token, user_id: user.user_id, connection: connection.name,
    client_id: input.clientId ?? null, result_url: input.resultUrl ?? null, expires_at: expiry(d),
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

export interface UsableTicket {
  readonly user: UserRecord;
  readonly connection: ConnectionRecord;
  readonly resultUrl: string | null;
}

/**
 * The user and connection of a reset ticket that can still be used, for showing the form;
 * TICKET_INVALID otherwise. `findConnection` picks which connections qualify (native only by
 * default; the custom-DB flow passes its own finder).
 */
export async function inspectPasswordResetTicket(
  deps: NativeDbDeps, input: { readonly tenantId: string; readonly ticket: string },
  findConnection: (d: ReturnType<typeof resolveDeps>, tenantId: string, name: string) => Promise<ConnectionRecord> = findNativeConnection,
): Promise<UsableTicket> {
  const d = resolveDeps(deps);
  const ticket = await createTicketQueries(d.database, input.tenantId).findUsable('password_reset', input.ticket, d.now().toISOString());
  const user = ticket && await createUserQueries(d.database, input.tenantId).find(ticket.user_id);
  if (!ticket || !user) throw new GatehouseError('TICKET_INVALID');
  return { user, connection: await findConnection(d, input.tenantId, user.connection), resultUrl: ticket.result_url };
}

/**
 * Sets the password through a reset link. The policy is checked before the ticket is spent, so
 * a too-weak password leaves the link usable; the ticket is then consumed by one conditional
 * update, so two submissions race and exactly one wins. Following the link proves the mailbox,
 * so the email counts as verified, as on Auth0.
 */
export async function resetPasswordWithTicket(
  deps: NativeDbDeps, input: { readonly tenantId: string; readonly ticket: string; readonly password: string },
): Promise<{ user: UserRecord; resultUrl: string | null }> {
  const d = resolveDeps(deps);
  const { connection } = await inspectPasswordResetTicket(deps, input);
  enforcePolicy(connection, input.password);
  const ticket = await createTicketQueries(d.database, input.tenantId).consume('password_reset', input.ticket, d.now().toISOString());
  if (!ticket) throw new GatehouseError('TICKET_INVALID');
  await changePassword(deps, { tenantId: input.tenantId, userId: ticket.user_id, password: input.password });
  const user = await createUserQueries(d.database, input.tenantId).update(ticket.user_id, { email_verified: true });
  if (!user) throw new GatehouseError('TICKET_INVALID');
  return { user, resultUrl: ticket.result_url };
}

/** Mails an email-verification link to the user; returns it for tests and admin tools. */
export async function sendVerificationEmail(
  deps: NativeDbDeps, input: { readonly tenantId: string; readonly userId: string; readonly linkOrigin: string; readonly clientId?: string },
): Promise<{ link?: string }> {
  const d = resolveDeps(deps);
  const user = await createUserQueries(d.database, input.tenantId).find(input.userId);
  if (!user || !user.email || user.email_verified) return {};
  const tickets = createTicketQueries(d.database, input.tenantId);
  await tickets.revokeForUser(user.user_id, 'email_verification');
  const token = newToken();
  await tickets.create({ type: 'email_verification', token, user_id: user.user_id, connection: user.connection, client_id: input.clientId ?? null, expires_at: expiry(d) });
  const link = `${input.linkOrigin}${VERIFY_PATH}?ticket=${token}`;
  await d.mailer.send(input.tenantId, {
    template: 'verify_email',
    to: user.email,
    subject: 'Verify your email',
    text: `Follow the link to verify that ${user.email} is your email address.`,
    link,
  });
  return { link };
}

/** Marks the email verified through a verification link (single use); TICKET_INVALID otherwise. */
export async function verifyEmailWithTicket(deps: NativeDbDeps, input: { readonly tenantId: string; readonly ticket: string }): Promise<{ user: UserRecord }> {
  const d = resolveDeps(deps);
  const ticket = await createTicketQueries(d.database, input.tenantId).consume('email_verification', input.ticket, d.now().toISOString());
  const user = ticket && await createUserQueries(d.database, input.tenantId).update(ticket.user_id, { email_verified: true });
  if (!user) throw new GatehouseError('TICKET_INVALID');
  return { user };
}
