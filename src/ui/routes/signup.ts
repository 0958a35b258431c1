import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GatehouseError } from '../../errors/index.ts';
import { checkPassword, PasswordStrengthError, policyOf, type PasswordRule } from '../../flows/native-db/index.ts';
import { eventRequest } from '../../flows/actions/index.ts';
import { signupDatabaseUser } from '../../flows/custom-db/index.ts';
import { createUserQueries } from '../../storage/index.ts';
import { checkCsrfToken, CSRF_FIELD, issueCsrfToken } from '../csrf.ts';
import type { UiDeps } from '../deps.ts';
import { formFields } from '../form.ts';
import { sendPage } from '../layout.ts';
import { formMessage } from '../messages.ts';
import { publicOrigin } from '../origin.ts';
import { loadLoginContext, stateOf, type LoginContext } from '../transaction.ts';
import { signupPage } from '../views/signup.ts';

const scope = (state: string) => `signup:${state}`;

/** pre/post-user-registration's event.transaction: the authorization request the signup belongs to. */
function signupTransaction(context: LoginContext): Record<string, unknown> {
  const tx = context.transaction;
  return {
    id: tx.id,
    protocol: 'oidc-basic-profile',
    requested_scopes: (tx.query.scope ?? 'openid').split(' ').filter(Boolean),
    redirect_uri: tx.redirect_uri,
    ...(tx.state === null ? {} : { state: tx.state }),
    response_type: [tx.response_type],
    response_mode: tx.response_mode,
    ...(tx.login_hint === null ? {} : { login_hint: tx.login_hint }),
  };
}

/** Creates a native database user and logs them in, as Auth0's signup screen does. */
export function registerSignup(app: FastifyInstance, deps: UiDeps): void {
  const secure = deps.config.publicScheme === 'https';

  const show = (request: FastifyRequest, reply: FastifyReply, context: LoginContext, status: number,
    extra: { email?: string; username?: string; error?: string; rules?: PasswordRule[] }) => {
    const state = context.transaction.id;
    const { policy, minLength } = policyOf(context.connection.options);
    return sendPage(reply, status, signupPage({
      state,
      csrf: issueCsrfToken(request, reply, scope(state), secure),
      tenantName: request.tenant.name,
      clientName: context.client.name,
      rules: extra.rules ?? checkPassword(policy, '', minLength).rules,
      rulesChecked: extra.rules !== undefined,
      email: extra.email,
      requiresUsername: context.connection.options.requires_username === true,
      username: extra.username,
      error: extra.error,
    }));
  };

  app.get('/u/signup', async (request, reply) => {
    const context = await loadLoginContext(deps, request, stateOf(request));
    if (context.connection.options.disable_signup === true) throw new GatehouseError('SIGNUP_DISABLED');
    return show(request, reply, context, 200, { email: context.transaction.login_hint ?? undefined });
  });

  app.post('/u/signup', async (request, reply) => {
    const state = stateOf(request);
    const fields = formFields(request);
    if (!state || !checkCsrfToken(request, scope(state), fields[CSRF_FIELD])) throw new GatehouseError('CSRF_INVALID');
    const context = await loadLoginContext(deps, request, state);
    const email = (fields.email ?? '').trim();
    const username = fields.username?.trim() || undefined;
    let userId: string;
    try {
      const { user } = await signupDatabaseUser({ ...deps }, {
        tenantId: request.tenant.id,
        connection: context.connection.name,
        email,
        password: fields.password ?? '',
        username: context.connection.options.requires_username === true ? username : undefined,
        clientId: context.client.client_id,
        linkOrigin: publicOrigin(deps.config, request),
        // Registration Actions see the form (without the password) and the /authorize request.
        actions: { request: eventRequest(request, { query: context.transaction.query, body: true }), clientId: context.client.client_id, transaction: signupTransaction(context) },
      });
      userId = user.user_id;
      // Signing up logs the user in: Auth0 counts it as the first login (post-login sees logins_count 1).
      await createUserQueries(deps.database, request.tenant.id).recordLogin(userId, request.ip);
    } catch (err) {
      const message = formMessage(err);
      if (!message) throw err;
      const rules = err instanceof PasswordStrengthError ? err.rules : undefined;
      return show(request, reply, context, (err as GatehouseError).status, { email, username, error: message, rules });
    }
    return deps.completeLogin(request, reply, { transactionId: state, userId, connection: context.connection.name, authMethod: 'pwd' });
  });
}
