import { ruleTester, rule } from './tester.ts';

ruleTester().run('fetch-timeout', rule('fetch-timeout'), {
  valid: [
    "fetch('https://api.example.com', { signal: AbortSignal.timeout(5000) });",
    "const options = { method: 'POST', signal: AbortSignal.timeout(3000) }; fetch(url, options);",
    "const options = { method: 'POST' }; options.signal = controller.signal; fetch(url, options);",
    // Options that cannot be read statically get the benefit of the doubt.
    'fetch(url, buildOptions());',
    'fetch(url, { ...defaults });',
    "axios.get('https://api.example.com', { timeout: 5000 });",
    "axios.post('https://api.example.com', body, { timeout: 5000 });",
    "axios({ url: 'https://api.example.com', timeout: 5000 });",
    "axios.create({ baseURL: 'https://api.example.com', timeout: 5000 });",
    "https.request({ host: 'api.example.com', timeout: 5000 }, onResponse);",
    "const req = https.request(url, onResponse); req.setTimeout(5000, () => req.destroy());",
    "https.get(url, onResponse).setTimeout(5000);",
    // A local function called fetch is not the global one.
    'function fetch(x) { return x; } fetch(1);',
  ],
  invalid: [
    { code: "fetch('https://api.example.com/users');", errors: [{ messageId: 'fetch' }] },
    { code: "async function f() { await fetch('https://api.example.com/users', { method: 'POST', body }); }", errors: [{ messageId: 'fetch' }] },
    { code: "const options = { method: 'POST' }; fetch(url, options);", errors: [{ messageId: 'fetch' }] },
    { code: "axios.get('https://api.example.com');", errors: [{ messageId: 'axios', data: { callee: 'axios.get' } }] },
    { code: "axios.post('https://api.example.com', body, { headers });", errors: [{ messageId: 'axios', data: { callee: 'axios.post' } }] },
    { code: "axios('https://api.example.com');", errors: [{ messageId: 'axios', data: { callee: 'axios' } }] },
    { code: "axios.create({ baseURL: 'https://api.example.com' });", errors: [{ messageId: 'axios', data: { callee: 'axios.create' } }] },
    { code: "https.get('https://api.example.com', onResponse);", errors: [{ messageId: 'http', data: { callee: 'https.get' } }] },
    { code: "http.request({ host: 'localhost', port: 80 }, onResponse).end();", errors: [{ messageId: 'http', data: { callee: 'http.request' } }] },
  ],
});
