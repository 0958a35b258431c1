import { ruleTester, rule } from './tester.ts';

ruleTester().run('no-hardcoded-secrets', rule('no-hardcoded-secrets'), {
  valid: [
    'const apiKey = event.secrets.API_KEY;',
    "const tokenUrl = 'https://login.example.com/oauth/token';",
    "const passwordPolicy = 'good';",
    "const secretName = 'STRIPE_KEY';",
    "const clientSecret = '##CLIENT_SECRET##';",
    "const connection = 'Username-Password-Authentication';",
    "const sql = 'SELECT id, email, password_hash FROM users WHERE email = $1';",
    "const pg = require('pg');",
    "const password = '';",
    "api.idToken.setCustomClaim('https://example.com/roles', roles);",
    "const id = 'con_abcdefghijklmnop';",
  ],
  invalid: [
    { code: "const apiKey = 'abcd1234efgh';", errors: [{ messageId: 'named', data: { name: 'apiKey', secret: 'API_KEY' } }] },
    { code: "const CLIENT_SECRET = 'hunter2hunter2';", errors: [{ messageId: 'named', data: { name: 'CLIENT_SECRET', secret: 'CLIENT_SECRET' } }] },
    { code: "const options = { headers: {}, password: 'p@ssw0rd' };", errors: [{ messageId: 'named', data: { name: 'password', secret: 'PASSWORD' } }] },
    { code: "config.accessToken = 'tok-1234-5678';", errors: [{ messageId: 'named' }] },
    { code: "function f(token = 'default-token') {}", errors: [{ messageId: 'named' }] },
    { code: "const x = 'Zq8vN2kP0xR7tY4wL9mB3cF6';", errors: [{ messageId: 'random', data: { length: '24' } }] },
    { code: "headers.Authorization = 'Bearer ' + 'sk_live_51HxYzAbCdEfGh';", errors: [{ messageId: 'random' }] },
    { code: 'const key = `AKIAIOSFODNN7EXAMPLE`;', errors: [{ messageId: 'random' }] },
  ],
});
