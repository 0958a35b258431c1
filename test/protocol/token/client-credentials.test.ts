import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as oidc from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { backends, type Harness } from '../support/harness.ts';
import { discover } from '../support/flow.ts';
import { postToken } from '../support/token.ts';
import type { ClientRecord } from '../../../src/storage/index.ts';

for (const backend of await backends()) {
  describe(`client_credentials grant on ${backend.name}`, { skip: backend.skip }, () => {
    let h: Harness;
    let m2m: ClientRecord;
    const audience = 'https://orders.example/api';
    before(async () => {
      h = await backend.start();
      await h.createApi({ identifier: audience, scopes: [{ value: 'read:orders' }, { value: 'write:orders' }, { value: 'delete:orders' }] });
      m2m = await h.createClient({ name: 'Worker', app_type: 'non_interactive' });
      await h.grant(m2m.client_id, audience, ['read:orders', 'write:orders']);
    });
    after(async () => { await h?.close(); });

    test('openid-client gets an M2M token: sub <client_id>@clients, gty client-credentials, the granted scopes', async () => {
      const config = await discover(h, m2m.client_id, m2m.client_secret);
      const tokens = await oidc.clientCredentialsGrant(config, { audience });
      const { payload, protectedHeader } = await jwtVerify(tokens.access_token, createRemoteJWKSet(new URL('.well-known/jwks.json', h.issuer)), { issuer: h.issuer, audience });
      assert.equal(protectedHeader.alg, 'RS256');
      assert.equal(payload.sub, `${m2m.client_id}@clients`);
      assert.equal(payload.azp, m2m.client_id);
      assert.equal(payload.gty, 'client-credentials');
      assert.equal(payload.aud, audience);
      assert.equal(payload.scope, 'read:orders write:orders');
      assert.equal(payload.permissions, undefined, 'RBAC is off for this API');
      assert.equal(tokens.id_token, undefined);
      assert.equal(tokens.refresh_token, undefined);
      assert.equal(tokens.expires_in, 86400);
    });

    test('asking for scopes gives those the grant allows; client_secret_post works the same', async () => {
      const res = await postToken(h, { grant_type: 'client_credentials', audience, scope: 'read:orders delete:orders', client_id: m2m.client_id, client_secret: m2m.client_secret! });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.scope, 'read:orders');
      const json = await postToken(h, { grant_type: 'client_credentials', audience, client_id: m2m.client_id, client_secret: m2m.client_secret! }, { json: true });
      assert.equal(json.status, 200);
    });

    test('RBAC with permissions in the token adds a permissions claim', async () => {
      const rbac = 'https://rbac.example/api';
      await h.createApi({ identifier: rbac, scopes: [{ value: 'read:a' }], enforce_policies: true, token_dialect: 'access_token_authz', token_lifetime: 600 });
      await h.grant(m2m.client_id, rbac, ['read:a']);
      const res = await postToken(h, { grant_type: 'client_credentials', audience: rbac }, { basic: [m2m.client_id, m2m.client_secret!] });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.expires_in, 600);
      const { payload } = await jwtVerify(res.body.access_token, createRemoteJWKSet(new URL('.well-known/jwks.json', h.issuer)));
      assert.deepEqual(payload.permissions, ['read:a']);
      assert.equal(payload.exp! - payload.iat!, 600);
    });

    test("Auth0's errors: unknown audience, no client grant, no audience, public client", async () => {
      const before = await h.snapshot();
      const unknown = await postToken(h, { grant_type: 'client_credentials', audience: 'https://nowhere.example', client_id: m2m.client_id, client_secret: m2m.client_secret! });
      assert.deepEqual([unknown.status, unknown.body], [403, { error: 'access_denied', error_description: 'Service not found: https://nowhere.example' }]);

      const demo = await postToken(h, { grant_type: 'client_credentials', audience, client_id: h.demo.client_id, client_secret: h.demo.client_secret! });
      assert.equal(demo.status, 403, 'the demo application has no client grant');
      assert.deepEqual(demo.body, { error: 'access_denied', error_description: `Client is not authorized to access "${audience}". You need to create a "client-grant" associated to this API.` });

      const none = await postToken(h, { grant_type: 'client_credentials', client_id: m2m.client_id, client_secret: m2m.client_secret! });
      assert.deepEqual([none.status, none.body], [400, { error: 'invalid_request', error_description: 'Missing required parameter: audience' }]);

      const spa = await h.createClient({ name: 'Public', app_type: 'spa', grant_types: ['authorization_code', 'client_credentials'] });
      const pub = await postToken(h, { grant_type: 'client_credentials', audience, client_id: spa.client_id });
      assert.deepEqual([pub.status, pub.body.error], [403, 'unauthorized_client']);

      const nonInteractive = await postToken(h, { grant_type: 'password', username: 'x', password: 'y', client_id: m2m.client_id, client_secret: m2m.client_secret! });
      assert.deepEqual([nonInteractive.status, nonInteractive.body], [403, { error: 'unauthorized_client', error_description: "Grant type 'password' not allowed for the client." }]);
      const after = await h.snapshot();
      delete (after as Record<string, unknown>).clients;
      delete (before as Record<string, unknown>).clients;
      assert.deepEqual(after, before);
    });
  });
}
