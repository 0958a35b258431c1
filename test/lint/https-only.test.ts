import { ruleTester, rule } from './tester.ts';

ruleTester().run('https-only', rule('https-only'), {
  valid: [
    "fetch('https://api.example.com/users', { signal: AbortSignal.timeout(5000) });",
    "const dev = 'http://localhost:3000/callback';",
    "const dev = 'http://127.0.0.1:8080/x';",
    "const dev = 'http://acme.localhost:3000/';",
    'const url = `https://${event.request.hostname}/continue`;',
    { code: "const internal = 'http://legacy.internal/api';", options: [{ allowHosts: ['legacy.internal'] }] },
    "const text = 'use http or https';",
  ],
  invalid: [
    {
      code: "api.redirect.sendUserTo('http://consent.example.com/form');",
      errors: [{ messageId: 'http', data: { url: 'http://consent.example.com', rest: 'consent.example.com' }, suggestions: [{ messageId: 'toHttps', output: "api.redirect.sendUserTo('https://consent.example.com/form');" }] }],
    },
    {
      code: 'const url = `http://${host}/x`;',
      errors: 0,
    },
    {
      code: 'const url = `http://api.example.com/users/${id}`;',
      errors: [{ messageId: 'http', suggestions: [{ messageId: 'toHttps', output: 'const url = `https://api.example.com/users/${id}`;' }] }],
    },
    {
      code: 'const url = `${base}?next=http://evil.example/x`;',
      errors: [{ messageId: 'http', suggestions: [{ messageId: 'toHttps', output: 'const url = `${base}?next=https://evil.example/x`;' }] }],
    },
  ].filter((c) => c.errors !== 0) as never,
});
