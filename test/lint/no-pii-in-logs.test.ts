import { ruleTester, rule } from './tester.ts';

ruleTester().run('no-pii-in-logs', rule('no-pii-in-logs'), {
  valid: [
    "console.log('login by', event.user.user_id);",
    "console.log(`verified: ${event.user.email_verified}`);",
    "console.log('plan', event.user.app_metadata.plan === 'pro');",
    "console.log('calls', count, event.client.client_id);",
    "console.log('status', response.status);",
    // Functions passed to a logger are not evaluated as values here.
    "console.log(() => event.user.email);",
    "logger.log(event.user.email);",
    "console.log('is staff', event.user.email.endsWith('@corp.com') === true);",
    "try { x(); } catch (err) { console.log('failed:', err.name, err.message); }",
  ],
  invalid: [
    { code: 'console.log(event.user);', errors: [{ messageId: 'pii', data: { what: 'event.user (the whole profile)' } }] },
    { code: "console.log('user', event.user.email);", errors: [{ messageId: 'pii', data: { what: 'event.user.email' } }] },
    { code: 'console.info(`key ${event.secrets.API_KEY}`);', errors: [{ messageId: 'pii', data: { what: 'event.secrets.API_KEY (a secret)' } }] },
    { code: 'console.log(JSON.stringify(event));', errors: [{ messageId: 'pii', data: { what: 'the whole event (profile, request and secrets)' } }] },
    { code: "function login(email, password, callback) { console.log('login', email, password); callback(null); }", errors: [{ messageId: 'pii', data: { what: "'email'" } }, { messageId: 'pii', data: { what: "'password'" } }] },
    { code: 'console.error({ user: id, email: profile.email });', errors: [{ messageId: 'pii', data: { what: "'email'" } }] },
    { code: "console.log('db', configuration.DB_PASSWORD);", errors: [{ messageId: 'pii', data: { what: 'configuration.DB_PASSWORD (connection configuration)' } }] },
    { code: "console.warn('from ' + event.request.ip);", errors: [{ messageId: 'pii', data: { what: 'event.request.ip' } }] },
    { code: "console.log('meta', event.user.user_metadata);", errors: [{ messageId: 'pii', data: { what: 'event.user.user_metadata' } }] },
    { code: "console.log('addr', event.user.user_metadata.home_address, event.user.user_metadata.password);", errors: [{ messageId: 'pii', data: { what: 'event.user.user_metadata.password' } }] },
    { code: "console.log('hello', profile.name, user.address);", errors: [{ messageId: 'pii', data: { what: 'profile.name' } }, { messageId: 'pii', data: { what: 'user.address' } }] },
    { code: 'console.log(user.phone_number.slice(-4));', errors: [{ messageId: 'pii', data: { what: 'user.phone_number' } }] },
  ],
});
