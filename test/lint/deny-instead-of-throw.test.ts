import { ruleTester, rule } from './tester.ts';

ruleTester().run('deny-instead-of-throw', rule('deny-instead-of-throw'), {
  valid: [
    "exports.onExecutePostLogin = async (event, api) => { if (!ok) return api.access.deny('Not allowed'); };",
    // Caught in the same function: the handler decides what to do.
    "exports.onExecutePostLogin = async (event, api) => { try { if (!r.ok) throw new Error('bad'); } catch (e) { return api.access.deny('Service unavailable'); } };",
    // post-user-registration has no api.access: nothing to use instead.
    "exports.onExecutePostUserRegistration = async (event, api) => { throw new Error('x'); };",
    // Not an Action handler.
    "function helper() { throw new Error('x'); }",
  ],
  invalid: [
    {
      code: "exports.onExecutePostLogin = async (event, api) => { if (event.user.blocked_for_fraud) throw new Error('Fraud suspected'); };",
      errors: [{
        messageId: 'throw',
        data: { handler: 'onExecutePostLogin', api: 'api', method: 'access.deny' },
        suggestions: [{ messageId: 'useDeny', output: "exports.onExecutePostLogin = async (event, api) => { if (event.user.blocked_for_fraud) return api.access.deny('Fraud suspected'); };" }],
      }],
    },
    {
      code: "exports.onExecuteCredentialsExchange = async (event, a) => { throw new Error('no'); };",
      errors: [{ messageId: 'throw', data: { handler: 'onExecuteCredentialsExchange', api: 'a', method: 'access.deny' }, suggestions: [{ messageId: 'useDeny', output: "exports.onExecuteCredentialsExchange = async (event, a) => { return a.access.deny('invalid_request', 'no'); };" }] }],
    },
    {
      // Thrown in a callback inside the handler: no suggestion (return would not end the handler).
      code: "exports.onExecutePreUserRegistration = async (event, api) => { list.forEach((d) => { if (d === event.user.email) throw new Error('x'); }); };",
      errors: [{ messageId: 'throw', suggestions: [] }],
    },
    {
      code: "async function onExecutePostLogin(event, api) { throw err; }\nexports.onExecutePostLogin = onExecutePostLogin;",
      errors: [{ messageId: 'throw', suggestions: [] }],
    },
  ],
});
