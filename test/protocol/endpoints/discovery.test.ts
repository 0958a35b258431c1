import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as oidc from 'openid-client';
import { backends, type Harness } from '../support/harness.ts';

for (const backend of await backends()) {
  describe(`discovery on ${backend.name}`, { skip: backend.skip }, () => {
    let h: Harness;
    before(async () => { h = await backend.start(); });
    after(async () => { await h?.close(); });

    test('openid-client discovers the tenant: issuer with a trailing slash, endpoints under it', async () => {
      const config = await oidc.discovery(new URL(h.issuer), h.demo.client_id, undefined, oidc.ClientSecretPost(h.demo.client_secret!), { execute: [oidc.allowInsecureRequests] });
      const meta = config.serverMetadata();
      assert.equal(meta.issuer, h.issuer);
      assert.ok(h.issuer.endsWith('/'));
      for (const [key, path] of [['authorization_endpoint', 'authorize'], ['token_endpoint', 'oauth/token'], ['userinfo_endpoint', 'userinfo'],
        ['jwks_uri', '.well-known/jwks.json'], ['revocation_endpoint', 'oauth/revoke'], ['end_session_endpoint', 'oidc/logout']] as const) {
        assert.equal(meta[key], `${h.issuer}${path}`);
      }
    });

    test('only what is implemented is advertised', async () => {
      const meta = await (await fetch(new URL('.well-known/openid-configuration', h.issuer))).json() as Record<string, unknown>;
      assert.deepEqual(meta.response_types_supported, ['code']);
      assert.deepEqual(meta.grant_types_supported, ['authorization_code', 'refresh_token', 'client_credentials', 'password', 'http://auth0.com/oauth/grant-type/password-realm']);
      assert.deepEqual(meta.id_token_signing_alg_values_supported, ['RS256']);
      assert.deepEqual(meta.code_challenge_methods_supported, ['S256', 'plain']);
      assert.deepEqual(meta.token_endpoint_auth_methods_supported, ['client_secret_basic', 'client_secret_post', 'none']);
      assert.equal(meta.registration_endpoint, undefined);
      assert.equal(meta.device_authorization_endpoint, undefined);
    });

    test('each tenant hostname is its own issuer; the configured public scheme is used', async () => {
      const res = await h.server.request('/.well-known/openid-configuration', { host: 'LOCALHOST:8443' });
      assert.equal(res.json().issuer, 'http://localhost:8443/');
      assert.equal((await h.server.request('/.well-known/openid-configuration', { host: 'nobody.example' })).status, 404);
    });
  });
}

describe('discovery behind a TLS proxy (publicScheme https)', () => {
  test('the issuer and endpoints are https', async () => {
    const { startTestServer } = await import('../../helpers/server.ts');
    const server = await startTestServer({ settings: { publicScheme: 'https' } });
    try {
      const meta = (await server.request('/.well-known/openid-configuration', { host: 'localhost' })).json();
      assert.equal(meta.issuer, 'https://localhost/');
      assert.equal(meta.token_endpoint, 'https://localhost/oauth/token');
    } finally {
      await server.close();
    }
  });
});
