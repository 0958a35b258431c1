import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GatehouseError } from '../../src/errors/index.ts';
import type { Surface } from '../../src/http/index.ts';
import { BODY_LIMIT } from '../../src/http/index.ts';
import { createTenant } from '../../src/flows/tenants/index.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Routes that fail on purpose, to drive the one error handler.
const failing: Surface = {
  name: 'failing-test-routes',
  register(app) {
    app.post('/test/echo', async (request) => ({ tenant: request.tenant.name, body: request.body }));
    app.get('/test/boom', async () => { throw new Error('disk quota exceeded on volume vol-7731'); });
    app.get('/test/mgmt', async () => { throw new GatehouseError('MGMT_NOT_FOUND', 'The user does not exist.'); });
    app.get('/test/hidden', async () => { throw new GatehouseError('SCRIPT_TIMEOUT', 'script took 20001 ms at line 3'); });
  },
};

describe('HTTP server', () => {
  let server: TestServer;
  before(async () => { server = await startTestServer({ extraSurfaces: [failing] }); });
  after(async () => { await server.close(); });

  test('GET /healthz answers {"status":"ok"} for the demo tenant on localhost and 127.0.0.1, any port, any case', async () => {
    assert.equal((await server.request('/healthz/')).status, 200, 'a trailing slash is the same route');
    for (const host of ['localhost', `localhost:${server.port}`, '127.0.0.1', `LOCALHOST:${server.port}`]) {
      const res = await server.request('/healthz', { host });
      assert.equal(res.status, 200, host);
      assert.deepEqual(res.json(), { status: 'ok' });
      assert.match(String(res.headers['content-type']), /^application\/json/);
    }
  });

  test('an unknown host gets a JSON 404 in the Auth0 shape, on every path', async () => {
    for (const path of ['/healthz', '/nothing-here', '/test/boom']) {
      const res = await server.request(path, { host: 'unknown.example.com' });
      assert.equal(res.status, 404);
      assert.deepEqual(res.json(), { error: 'not_found', error_description: 'Unknown tenant host.' });
    }
  });

  test('a tenant created on the same database is served at once on its hostname', async () => {
    await createTenant({ database: server.database, box: server.box }, { name: 'acme', hostnames: ['login.acme.test'] });
    const res = await server.request('/test/echo', { host: 'login.acme.test:443', body: { a: 1 } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { tenant: 'acme', body: { a: 1 } });
    const demo = await server.request('/test/echo', { body: { a: 2 } });
    assert.equal(demo.json().tenant, 'demo');
  });

  test('the demo callback shows what a login returned', async () => {
    const ok = await server.request('/callback?code=c-1&state=s-1');
    assert.equal(ok.status, 200);
    assert.deepEqual({ ...ok.json<Record<string, unknown>>(), next: undefined }, { signed_in: true, code: 'c-1', state: 's-1', next: undefined });
    const denied = await server.request('/callback?error=access_denied&error_description=no&state=s-2');
    assert.deepEqual(denied.json(), { signed_in: false, error: 'access_denied', error_description: 'no', state: 's-2' });
  });

  test('an unknown route on a known host is a JSON 404 not_found', async () => {
    const res = await server.request('/no/such/route');
    assert.equal(res.status, 404);
    assert.deepEqual(res.json(), { error: 'not_found', error_description: 'Not found.' });
  });

  test('malformed JSON is a 400 invalid_request', async () => {
    const res = await server.request('/test/echo', { body: '{"password": "x",' });
    assert.equal(res.status, 400);
    assert.deepEqual(res.json(), { error: 'invalid_request', error_description: 'The request body is malformed.' });
  });

  test('forms are accepted (OAuth endpoints take them)', async () => {
    const res = await server.request('/test/echo', { body: 'grant_type=password&username=a%40b.c', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json().body, { grant_type: 'password', username: 'a@b.c' });
  });

  test('an unsupported content type is a 415 invalid_request', async () => {
    const res = await server.request('/test/echo', { body: '<xml/>', headers: { 'content-type': 'application/xml' } });
    assert.equal(res.status, 415);
    assert.equal(res.json().error, 'invalid_request');
  });

  test('a body over the limit is a 413 invalid_request; a 100 kB script fits', async () => {
    const script = 'x'.repeat(102_400);
    const ok = await server.request('/test/echo', { body: { script } });
    assert.equal(ok.status, 200);
    const big = await server.request('/test/echo', { body: { script: 'x'.repeat(BODY_LIMIT + 1) } });
    assert.equal(big.status, 413);
    assert.deepEqual(big.json(), { error: 'invalid_request', error_description: 'The request body is too large.' });
  });

  test('an unexpected failure is a bare server_error; the detail goes only to the log', async () => {
    const res = await server.request('/test/boom');
    assert.equal(res.status, 500);
    assert.deepEqual(res.json(), { error: 'server_error', error_description: 'Internal server error.' });
    assert.ok(!res.text.includes('vol-7731'));
    assert.ok(server.logs().includes('disk quota exceeded on volume vol-7731'), 'the cause is logged for the operator');
  });

  test('GatehouseErrors render in their own shape; unexposed ones hide their message', async () => {
    const mgmt = await server.request('/test/mgmt');
    assert.equal(mgmt.status, 404);
    assert.deepEqual(mgmt.json(), { statusCode: 404, error: 'Not Found', message: 'The user does not exist.', errorCode: 'inexistent_resource' });
    const hidden = await server.request('/test/hidden');
    assert.equal(hidden.status, 500);
    assert.deepEqual(hidden.json(), { error: 'server_error', error_description: 'Script execution time exceeded.' });
  });
});
