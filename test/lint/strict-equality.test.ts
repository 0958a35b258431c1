import { ruleTester, rule } from './tester.ts';

ruleTester().run('strict-equality', rule('strict-equality'), {
  valid: [
    "exports.onExecutePostLogin = async (event, api) => { if (event.user.app_metadata.plan === 'pro') api.idToken.setCustomClaim('pro', true); };",
    'if (event.request.query.mode !== "x") {}',
    // x == null means null or undefined and coerces nothing else: allowed by default.
    'if (event.user.user_metadata == null) {}',
  ],
  invalid: [
    {
      code: "if (event.request.query.admin == 'true') api.access.deny('no');",
      errors: [{ messageId: 'loose', data: { loose: '==', strict: '===' }, suggestions: [{ messageId: 'replace', output: "if (event.request.query.admin === 'true') api.access.deny('no');" }] }],
    },
    {
      code: 'if (user.id != 0) {}',
      errors: [{ messageId: 'loose', data: { loose: '!=', strict: '!==' }, suggestions: [{ messageId: 'replace', output: 'if (user.id !== 0) {}' }] }],
    },
    {
      code: 'if (x == null) {}',
      options: [{ allowNull: false }],
      errors: [{ messageId: 'loose', suggestions: [{ messageId: 'replace', output: 'if (x === null) {}' }] }],
    },
  ],
});
