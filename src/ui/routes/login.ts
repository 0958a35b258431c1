import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GatehouseError } from '../../errors/index.ts';
import { authenticateDatabaseUser } from '../../flows/custom-db/index.ts';
import { checkCsrfToken, CSRF_FIELD, issueCsrfToken } from '../csrf.ts';
import type { UiDeps } from '../deps.ts';
import { formFields } from '../form.ts';
import { sendPage } from '../layout.ts';
import { formMessage } from '../messages.ts';
import { loadLoginContext, stateOf, type LoginContext } from '../transaction.ts';
import { loginPage } from '../views/login.ts';

const scope = (state: string) => `login:${state}`;

/** GET shows the form for a login transaction; POST checks the password and hands over to the protocol. */
export function registerLogin(app: FastifyInstance, deps: UiDeps): void {
  const secure = deps.config.publicScheme === 'https';

  const show = (request: FastifyRequest, reply: FastifyReply, context: LoginContext, status: number, extra: { email?: string; error?: string }) => {
    const state = context.transaction.id;
    return sendPage(reply, status, loginPage({
      state,
      csrf: issueCsrfToken(request, reply, scope(state), secure),
      tenantName: request.tenant.name,
      clientName: context.client.name,
      signupAllowed: context.connection.options.disable_signup !== true,
      acceptsUsername: context.connection.options.requires_username === true,
      email: extra.email,
      error: extra.error,
    }));
  };

  app.get('/u/login', async (request, reply) => {
    const context = await loadLoginContext(deps, request, stateOf(request));
    return show(request, reply, context, 200, { email: context.transaction.login_hint ?? undefined });
  });

  app.post('/u/login', async (request, reply) => {
    const state = stateOf(request);
    const fields = formFields(request);
    if (!state || !checkCsrfToken(request, scope(state), fields[CSRF_FIELD])) throw new GatehouseError('CSRF_INVALID');
    const context = await loadLoginContext(deps, request, state);
    const email = (fields.username ?? '').trim();
    if (!email || !fields.password) return show(request, reply, context, 400, { email, error: 'Wrong email or password.' });
    let userId: string;
    try {
      const { user } = await authenticateDatabaseUser({ ...deps }, {
        tenantId: request.tenant.id, connection: context.connection.name, username: email, password: fields.password, ip: request.ip,
      });
      userId = user.user_id;
    } catch (err) {
      const message = formMessage(err);
      if (!message) throw err;
      return show(request, reply, context, (err as GatehouseError).status, { email, error: message });
    }
    return deps.completeLogin(request, reply, { transactionId: state, userId, connection: context.connection.name, authMethod: 'pwd' });
  });
}
