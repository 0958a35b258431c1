import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, type Harness } from '../support/harness.ts';
import { postToken } from '../support/token.ts';

// What every request to /oauth/token goes through before a grant runs: body parsing, the
// grant type, client authentication and the client's allowed grants. Each refusal is checked
// byte for byte and shown to leave storage as it was.
for (const backend of await backends()) {
  describe(`POST /oauth/token on ${backend.name}`, { skip: backend.skip }, () => {
    let h: Harness;
    let before_: Record<string, unknown>;
    before(async () => {
      h = await backend.start();
      await h.createUser('e@example.com', 'endpoint password 1');
      before_ = await h.snapshot();
    });
    after(async () => {
      try {
        assert.deepEqual(await h.snapshot(), before_, 'no refused request changed anything stored');
      } finally {
        await h?.close();
      }
    });

    const demo = () => ({ client_id: h.demo.client_id, client_secret: h.demo.client_secret! });
    const password = () => ({ grant_type: 'password', username: 'e@example.com', password: 'wrong password' });

    test('client authentication failures are 401 access_denied "Unauthorized" (Auth0, not invalid_client)', async () => {
      const unauthorized = { error: 'access_denied', error_description: 'Unauthorized' };
      const cases = [
        () => postToken(h, { ...password(), client_id: h.demo.client_id, client_secret: 'not the secret' }),
        () => postToken(h, { ...password(), client_id: h.demo.client_id }),
        () => postToken(h, { ...password(), client_id: 'unknown-client', client_secret: 'x' }),
        () => postToken(h, password(), { basic: [h.demo.client_id, 'not the secret'] }),
        () => postToken(h, { ...password(), client_id: 'someone-else' }, { basic: [h.demo.client_id, h.demo.client_secret!] }),
        () => postToken(h, { ...password(), client_secret: h.demo.client_secret! }, { basic: [h.demo.client_id, h.demo.client_secret!] }),
        () => postToken(h, password(), { headers: { authorization: 'Basic bm9jb2xvbg==' } }),
      ];
      for (const call of cases) {
        const res = await call();
        assert.equal(res.status, 401);
        assert.deepEqual(res.body, unauthorized);
      }
    });

    test('client_secret_basic and client_secret_post are both accepted', async () => {
      const post = await postToken(h, { ...password(), ...demo() });
      const basic = await postToken(h, password(), { basic: [h.demo.client_id, h.demo.client_secret!] });
      // Both reach the grant, which refuses the wrong password.
      assert.deepEqual([post.status, post.body.error], [403, 'invalid_grant']);
      assert.deepEqual([basic.status, basic.body.error], [403, 'invalid_grant']);
    });

    test('missing grant_type or client_id, unsupported grant, grant not allowed for the client', async () => {
      const noGrant = await postToken(h, demo());
      assert.deepEqual([noGrant.status, noGrant.body], [400, { error: 'invalid_request', error_description: 'Missing required parameter: grant_type' }]);
      const noClient = await postToken(h, password());
      assert.deepEqual([noClient.status, noClient.body], [400, { error: 'invalid_request', error_description: 'Missing required parameter: client_id' }]);
      const implicit = await postToken(h, { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', ...demo() });
      assert.deepEqual([implicit.status, implicit.body], [400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant type: urn:ietf:params:oauth:grant-type:device_code' }]);
      const proto = await postToken(h, { grant_type: '__proto__', ...demo() });
      assert.equal(proto.body.error, 'unsupported_grant_type');

      const limited = await h.createClient({ name: 'Code only', app_type: 'regular_web', grant_types: ['authorization_code'] });
      const refused = await postToken(h, { ...password(), client_id: limited.client_id, client_secret: limited.client_secret! });
      assert.deepEqual([refused.status, refused.body], [403, { error: 'unauthorized_client', error_description: "Grant type 'password' not allowed for the client." }]);
      await h.server.database.db.deleteFrom('clients').where('client_id', '=', limited.client_id).execute();
    });

    test('malformed, repeated, oversized and wrongly typed bodies are invalid_request', async () => {
      const url = new URL('oauth/token', h.issuer);
      const badJson = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"grant_type": "password",' });
      assert.equal(badJson.status, 400);
      assert.deepEqual(await badJson.json(), { error: 'invalid_request', error_description: 'The request body is malformed.' });

      const array = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '["grant_type"]' });
      assert.deepEqual([array.status, (await array.json() as { error: string }).error], [400, 'invalid_request']);

      const nested = await postToken(h, { ...demo(), grant_type: { nested: true } } as never, { json: true });
      assert.deepEqual([nested.status, nested.body], [400, { error: 'invalid_request', error_description: 'Invalid parameter: grant_type' }]);

      const repeated = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `grant_type=password&grant_type=client_credentials&client_id=${h.demo.client_id}` });
      assert.deepEqual([repeated.status, await repeated.json()], [400, { error: 'invalid_request', error_description: 'Invalid parameter: grant_type' }]);

      const long = await postToken(h, { ...password(), ...demo(), username: 'x'.repeat(5000) });
      assert.deepEqual([long.status, long.body], [400, { error: 'invalid_request', error_description: 'Invalid parameter: username' }]);

      const huge = await postToken(h, { ...password(), ...demo(), padding: 'x'.repeat(600 * 1024) });
      assert.deepEqual([huge.status, huge.body], [413, { error: 'invalid_request', error_description: 'The request body is too large.' }]);

      const xml = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<grant/>' });
      assert.equal(xml.status, 415);
    });

    test('responses, errors included, are never cached', async () => {
      const res = await postToken(h, demo());
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.equal(res.headers.get('pragma'), 'no-cache');
      assert.match(String(res.headers.get('content-type')), /^application\/json/);
    });

    test('secrets never reach the log', async () => {
      await postToken(h, { ...password(), client_id: h.demo.client_id, client_secret: 'a-wrong-secret-value' });
      const logs = h.server.logs();
      assert.ok(!logs.includes(h.demo.client_secret!));
      assert.ok(!logs.includes('a-wrong-secret-value'));
      assert.ok(!logs.includes('wrong password'));
    });
  });
}
