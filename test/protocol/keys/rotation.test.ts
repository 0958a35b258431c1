import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { rotateSigningKeys } from '../../../src/protocol/index.ts';
import { createSigningKeyQueries } from '../../../src/storage/index.ts';
import { backends, type Harness } from '../support/harness.ts';
import { passwordLogin } from '../support/token.ts';

async function jwks(h: Harness) {
  const res = await fetch(new URL('.well-known/jwks.json', h.issuer));
  return { res, body: await res.json() as { keys: Record<string, unknown>[] } };
}

for (const backend of await backends()) {
  describe(`signing keys and JWKS on ${backend.name}`, { skip: backend.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await backend.start();
      await h.createUser('keys@example.com', 'a long enough passphrase');
    });
    after(async () => { await h?.close(); });

    test('the JWKS publishes a current and a next RS256 key, public parts only, cacheable', async () => {
      const { res, body } = await jwks(h);
      assert.equal(res.status, 200);
      assert.match(String(res.headers.get('cache-control')), /^public, max-age=\d+$/);
      assert.equal(body.keys.length, 2);
      for (const key of body.keys) {
        assert.equal(key.kty, 'RSA');
        assert.equal(key.alg, 'RS256');
        assert.equal(key.use, 'sig');
        assert.equal(key.e, 'AQAB');
        assert.equal(typeof key.kid, 'string');
        for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) assert.equal(key[secret], undefined, `no ${secret}`);
      }
      const stored = await createSigningKeyQueries(h.server.database, h.server.box, h.tenantId).list();
      assert.deepEqual(stored.map((k) => k.status).sort(), ['current', 'next']);
      const raw = await h.server.database.db.selectFrom('signing_keys').select('private_jwk_enc').where('tenant_id', '=', h.tenantId).execute();
      for (const row of raw) assert.ok(row.private_jwk_enc.startsWith('v1:'), 'private key sealed at rest');
    });

    test('another tenant has its own keys', async () => {
      const other = await h.server.request('/.well-known/jwks.json', { host: 'acme-keys.localhost' });
      assert.equal(other.status, 404, 'unknown host');
      const { createTenant } = await import('../../../src/flows/tenants/index.ts');
      await createTenant({ database: h.server.database, box: h.server.box }, { name: 'acme-keys' });
      const theirs = (await h.server.request('/.well-known/jwks.json', { host: 'acme-keys.localhost' })).json().keys.map((k: { kid: string }) => k.kid);
      const ours = (await jwks(h)).body.keys.map((k) => k.kid);
      assert.equal(theirs.length, 2);
      assert.ok(theirs.every((kid: string) => !ours.includes(kid)));
    });

    test('a token signed before a rotation still verifies against the JWKS after it; new tokens use the next key', async () => {
      const before = await passwordLogin(h, 'keys@example.com', 'a long enough passphrase');
      assert.equal(before.status, 200, JSON.stringify(before.body));
      const oldKid = decodeProtectedHeader(before.body.access_token).kid;
      const published = (await jwks(h)).body.keys.map((k) => k.kid);

      const result = await rotateSigningKeys(h.server.database, h.server.box, h.tenantId);
      assert.equal(result.previous.includes(oldKid!), true);
      assert.ok(published.includes(result.current), 'the new signing key was already published before it signed');

      const remote = createRemoteJWKSet(new URL('.well-known/jwks.json', h.issuer));
      await jwtVerify(before.body.access_token, remote, { issuer: h.issuer });
      await jwtVerify(before.body.id_token, remote, { issuer: h.issuer });

      const afterLogin = await passwordLogin(h, 'keys@example.com', 'a long enough passphrase');
      assert.equal(decodeProtectedHeader(afterLogin.body.access_token).kid, result.current);
      await jwtVerify(afterLogin.body.access_token, remote, { issuer: h.issuer });
      assert.deepEqual((await jwks(h)).body.keys.map((k) => k.kid).sort(), [oldKid, result.current, result.next].sort());
    });

    test('a previous key leaves the JWKS once its tokens have all expired, and its tokens stop verifying', async () => {
      const token = (await passwordLogin(h, 'keys@example.com', 'a long enough passphrase')).body.access_token as string;
      const kid = decodeProtectedHeader(token).kid!;
      await rotateSigningKeys(h.server.database, h.server.box, h.tenantId);
      assert.ok((await jwks(h)).body.keys.some((k) => k.kid === kid));
      // Age the rotation past the longest token lifetime (86400 s by default).
      const longAgo = new Date(Date.now() - 86_401_000).toISOString();
      await h.server.database.db.updateTable('signing_keys').set({ rotated_at: longAgo })
        .where('tenant_id', '=', h.tenantId).where('kid', '=', kid).execute();
      const keys = (await jwks(h)).body;
      assert.ok(!keys.keys.some((k) => k.kid === kid));
      await assert.rejects(jwtVerify(token, createLocalJWKSet(keys as never)), { code: 'ERR_JWKS_NO_MATCHING_KEY' });
      const info = await fetch(new URL('userinfo', h.issuer), { headers: { authorization: `Bearer ${token}` } });
      assert.equal(info.status, 401);

      // The next rotation marks it revoked for good.
      const next = await rotateSigningKeys(h.server.database, h.server.box, h.tenantId);
      assert.ok(next.revoked.includes(kid));
    });

    test('an API with a longer token lifetime keeps retired keys published longer', async () => {
      await h.createApi({ identifier: 'https://long.example', token_lifetime: 7 * 86_400 });
      const token = (await passwordLogin(h, 'keys@example.com', 'a long enough passphrase')).body.access_token as string;
      const kid = decodeProtectedHeader(token).kid!;
      await rotateSigningKeys(h.server.database, h.server.box, h.tenantId);
      const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString();
      await h.server.database.db.updateTable('signing_keys').set({ rotated_at: twoDaysAgo })
        .where('tenant_id', '=', h.tenantId).where('kid', '=', kid).execute();
      assert.ok((await jwks(h)).body.keys.some((k) => k.kid === kid));
    });
  });
}
