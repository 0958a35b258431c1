import type { Logger } from '../../config/index.ts';
import { completeLogin } from '../../protocol/index.ts';
import { registerUniversalLogin, type CompleteLogin } from '../../ui/index.ts';
import type { ServerContext, Surface } from '../context.ts';

/** The Universal Login pages (/u/*); a successful login goes to `complete` (tests may replace it). */
export function universalLoginSurface(complete?: (context: ServerContext) => CompleteLogin): Surface {
  return {
    name: 'universal-login',
    register(app, context) {
      registerUniversalLogin(app, {
        config: context.config,
        database: context.database,
        box: context.box,
        logger: context.logger as Logger,
        runner: context.runner,
        attempts: context.attempts,
        completeLogin: complete ? complete(context) : (request, reply, login) => completeLogin(context, request, reply, login),
      });
    },
  };
}

export const universalLogin: Surface = universalLoginSurface();
