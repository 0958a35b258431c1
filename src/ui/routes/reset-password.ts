import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { GatehouseError } from '../../errors/index.ts';
import {
  checkPassword, PasswordStrengthError, policyOf,
  type PasswordRule, type UsableTicket,
} from '../../flows/native-db/index.ts';
import { DEFAULT_CONNECTION } from '../../flows/tenants/index.ts';
import { eventRequest } from '../../flows/actions/index.ts';
import { inspectDatabaseResetTicket, requestDatabasePasswordReset, resetDatabasePassword } from '../../flows/custom-db/index.ts';
import { checkCsrfToken, CSRF_FIELD, issueCsrfToken } from '../csrf.ts';
import type { UiDeps } from '../deps.ts';
import { formFields, queryParam } from '../form.ts';
import { query } from '../html.ts';
import { sendPage } from '../layout.ts';
import { publicOrigin } from '../origin.ts';
import { loadLoginContext, stateOf } from '../transaction.ts';
import { noticePage } from '../views/notice.ts';
import { resetRequestPage, resetTicketPage } from '../views/reset-password.ts';

export const RESET_EMAIL_SENT = "We've just sent you an email to reset your password.";
const requestScope = (state: string | undefined) => `reset-request:${state ?? ''}`;
const ticketScope = (ticket: string) => `reset:${ticket}`;
const email = z.email();

/**
 * Two steps: /u/reset-password asks for the email and mails a single-use link (saying the same
 * whether or not the account exists); /u/reset-password/ticket, from the link, sets the password.
 */
export function registerResetPassword(app: FastifyInstance, deps: UiDeps): void {
  const secure = deps.config.publicScheme === 'https';

  app.get('/u/reset-password', async (request, reply) => {
    const state = stateOf(request);
    if (state) await loadLoginContext(deps, request, state);
    return sendPage(reply, 200, resetRequestPage({ state, csrf: issueCsrfToken(request, reply, requestScope(state), secure) }));
  });

  app.post('/u/reset-password', async (request, reply) => {
    const state = stateOf(request);
    const fields = formFields(request);
    if (!checkCsrfToken(request, requestScope(state), fields[CSRF_FIELD])) throw new GatehouseError('CSRF_INVALID');
    const context = state ? await loadLoginContext(deps, request, state) : undefined;
    const address = (fields.email ?? '').trim();
    if (!email.safeParse(address).success) {
      return sendPage(reply, 400, resetRequestPage({ state, email: address, error: 'Email is not valid.', csrf: issueCsrfToken(request, reply, requestScope(state), secure) }));
    }
    await requestDatabasePasswordReset({ ...deps }, {
      tenantId: request.tenant.id,
      connection: context?.connection.name ?? DEFAULT_CONNECTION,
      email: address,
      clientId: context?.client.client_id,
      linkOrigin: publicOrigin(deps.config, request),
    });
    return sendPage(reply, 200, noticePage({
      title: 'Check your email', kind: 'success', message: RESET_EMAIL_SENT,
      link: state ? { href: `/u/login${query({ state })}`, text: 'Back to log in' } : undefined,
    }));
  });

  const showTicket = (request: FastifyRequest, reply: FastifyReply, ticket: string, usable: UsableTicket, status: number,
    extra: { error?: string; rules?: PasswordRule[] }) => {
    const { policy, minLength } = policyOf(usable.connection.options);
    return sendPage(reply, status, resetTicketPage({
      ticket,
      csrf: issueCsrfToken(request, reply, ticketScope(ticket), secure),
      email: usable.user.email ?? '',
      rules: extra.rules ?? checkPassword(policy, '', minLength).rules,
      rulesChecked: extra.rules !== undefined,
      error: extra.error,
    }));
  };

  app.get('/u/reset-password/ticket', async (request, reply) => {
    const ticket = queryParam(request, 'ticket') ?? '';
    const usable = await inspectDatabaseResetTicket({ ...deps }, { tenantId: request.tenant.id, ticket });
    return showTicket(request, reply, ticket, usable, 200, {});
  });

  app.post('/u/reset-password/ticket', async (request, reply) => {
    const fields = formFields(request);
    const ticket = fields.ticket ?? '';
    if (!ticket || !checkCsrfToken(request, ticketScope(ticket), fields[CSRF_FIELD])) throw new GatehouseError('CSRF_INVALID');
    const usable = await inspectDatabaseResetTicket({ ...deps }, { tenantId: request.tenant.id, ticket });
    const password = fields.password ?? '';
    if (password !== (fields['password-confirm'] ?? '')) {
      return showTicket(request, reply, ticket, usable, 400, { error: 'Please ensure the password and the confirmation are the same.' });
    }
    try {
      const { resultUrl } = await resetDatabasePassword({ ...deps }, { tenantId: request.tenant.id, ticket, password, request: eventRequest(request, { body: true }) });
      return sendPage(reply, 200, noticePage({
        title: 'Password changed', kind: 'success', message: 'Your password has been changed successfully. You can now log in with the new password.',
        link: resultUrl ? { href: resultUrl, text: 'Back to the application' } : undefined,
      }));
    } catch (err) {
      if (!(err instanceof PasswordStrengthError)) throw err;
      return showTicket(request, reply, ticket, usable, 400, { error: 'Password is too weak.', rules: err.rules });
    }
  });
}
