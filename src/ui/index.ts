import type { FastifyInstance } from 'fastify';
import { GatehouseError, isGatehouseError, renderError } from '../errors/index.ts';
import type { UiDeps } from './deps.ts';
import { sendPage } from './layout.ts';
import { registerEmailVerification } from './routes/email-verification.ts';
import { registerLogin } from './routes/login.ts';
import { registerResetPassword } from './routes/reset-password.ts';
import { registerSignup } from './routes/signup.ts';
import { noticePage } from './views/notice.ts';

export type { UiDeps, CompleteLogin, LoginCompletion } from './deps.ts';
export { CSRF_COOKIE, CSRF_FIELD } from './csrf.ts';
export { publicOrigin } from './origin.ts';

const titles: Record<number, string> = { 400: 'Something went wrong', 403: 'Request refused', 404: 'Not found', 429: 'Too many requests' };

/**
 * The Universal Login pages under /u/. Failures are pages, not JSON: the browser is a person.
 * Unexposed errors (500) say nothing of their detail, as everywhere else.
 */
export function registerUniversalLogin(app: FastifyInstance, deps: UiDeps): void {
  app.setErrorHandler((err, request, reply) => {
    const error = isGatehouseError(err) ? err : new GatehouseError('SERVER_ERROR', undefined, { cause: err });
    const { status } = renderError(error);
    if (status >= 500) request.log.error({ err, code: error.code }, 'page failed');
    else request.log.info({ code: error.code }, 'page rejected');
    const message = error.expose ? error.message : 'Something went wrong on our side. Please try again later.';
    return sendPage(reply, status, noticePage({ title: titles[status] ?? 'Something went wrong', kind: 'error', message }));
  });
  registerLogin(app, deps);
  registerSignup(app, deps);
  registerResetPassword(app, deps);
  registerEmailVerification(app, deps);
}
