import { ruleTester, rule } from './tester.ts';

ruleTester().run('verified-email-checks', rule('verified-email-checks'), {
  valid: [
    "exports.onExecutePostLogin = async (event, api) => { if (event.user.email_verified && event.user.email.endsWith('@corp.com')) api.idToken.setCustomClaim('staff', true); };",
    "exports.onExecutePostLogin = async (event, api) => { if (!event.user.email_verified) return api.access.deny('Verify your email first'); if (event.user.email.endsWith('@corp.com')) api.idToken.setCustomClaim('staff', true); };",
    "exports.onExecutePostLogin = async (event, api) => { const { email, email_verified } = event.user; if (email_verified && email === 'a@b.c') {} };",
    // Not a decision: copying the email into a claim.
    "exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('mail', event.user.email); };",
    // Outside an Action handler.
    "if (event.user.email === 'x') {}",
  ],
  invalid: [
    {
      code: "exports.onExecutePostLogin = async (event, api) => { if (event.user.email.endsWith('@corp.com')) api.idToken.setCustomClaim('staff', true); };",
      errors: [{ messageId: 'unverified', data: { what: 'event.user.email' } }],
    },
    {
      code: "exports.onExecutePostLogin = async (event, api) => { const admins = ['a@b.c']; return admins.includes(event.user.email) ? grant() : null; };",
      errors: [{ messageId: 'unverified' }],
    },
    {
      code: "exports.onExecutePostLogin = async (event, api) => { const { email } = event.user; if (email.endsWith('@corp.com')) grant(); };",
      errors: [{ messageId: 'unverified', data: { what: "'email' (event.user.email)" } }],
    },
    {
      code: "exports.onExecuteCredentialsExchange = async (event, api) => { const email = event.user.email; switch (email) { case 'x': break; } };",
      errors: [{ messageId: 'unverified' }],
    },
  ],
});
