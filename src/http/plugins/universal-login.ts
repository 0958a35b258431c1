import type { Logger } from '../../config/index.ts';
import { registerUniversalLogin, type CompleteLogin } from '../../ui/index.ts';
import type { Surface } from '../context.ts';

/** The Universal Login pages (/u/*), handing successful logins to `completeLogin`. */
export function universalLoginSurface(completeLogin: CompleteLogin): Surface {
  return {
    name: 'universal-login',
    register(app, context) {
      registerUniversalLogin(app, {
        config: context.config,
        database: context.database,
        box: context.box,
        logger: context.logger as Logger,
        completeLogin,
      });
    },
  };
}
