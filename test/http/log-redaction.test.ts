import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Surface } from '../../src/http/index.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const echo: Surface = {
  name: 'echo',
  register(app) {
    app.post('/test/token', async (request) => {
      // A handler that logs what it was given, as a careless one might.
      request.log.info({ body: request.body, headers: request.headers }, 'token request');
      return { ok: true };
    });
  },
};

const password = 'Pw-9f3k-SECRET-never-logged';
const clientSecret = 'cs-4Hq8-SECRET-never-logged';
const basic = Buffer.from(`my-client:${clientSecret}`).toString('base64');

describe('log redaction', () => {
  let server: TestServer;
  before(async () => { server = await startTestServer({ logLevel: 'trace', extraSurfaces: [echo] }); });
  after(async () => { await server.close(); });

  test('a password, a client secret and an Authorization header never reach the log', async () => {
    const json = await server.request('/test/token?code=authcode-77&state=st-1', {
      body: { grant_type: 'password', username: 'alice@example.com', password, client_secret: clientSecret, nested: { password } },
      headers: { authorization: `Basic ${basic}`, cookie: `session=${clientSecret}`, 'user-agent': 'redaction-test-agent' },
    });
    assert.equal(json.status, 200);
    const form = await server.request('/test/token', {
      body: new URLSearchParams({ username: 'bob@example.com', password, client_secret: clientSecret }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(form.status, 200);
    const broken = await server.request('/test/token', { body: `{"password": "${password}", "client_secret": "${clientSecret}"` });
    assert.equal(broken.status, 400);

    const logs = server.logs();
    for (const secret of [password, clientSecret, basic, 'authcode-77']) {
      assert.ok(!logs.includes(secret), `${secret} appears in the log: ${logs.split('\n').filter((l) => l.includes(secret)).join('\n')}`);
    }
    // The same requests did reach the log, with their harmless parts intact: redaction, not silence.
    assert.ok(logs.includes('alice@example.com'), 'body summary logged');
    assert.ok(logs.includes('bob@example.com'), 'form body summary logged');
    assert.ok(logs.includes('redaction-test-agent'), 'headers logged');
    assert.ok(logs.includes('st-1'), 'harmless query parameters kept');
    assert.ok(logs.includes('[Redacted]'));
    for (const line of logs.trim().split('\n')) assert.doesNotThrow(() => JSON.parse(line), 'every log line is JSON');
  });
});
