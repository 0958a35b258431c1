import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { backends, type Harness } from '../protocol/support/harness.ts';
import { passwordLogin } from '../protocol/support/token.ts';
import { runGatehouse } from './spawn.ts';

// The CLI works on the database of a running server, as an operator would use it.
for (const backend of await backends()) {
  describe(`gatehouse keys on ${backend.name}`, { skip: backend.skip }, () => {
    let h: Harness;
    let env: Record<string, string>;
    before(async () => {
      h = await backend.start();
      await h.createUser('ops@example.com', 'rotate me please 42');
      env = { GATEHOUSE_DB: h.server.config.db, GATEHOUSE_KEY_FILE: h.server.config.keyFile };
    });
    after(async () => { await h?.close(); });

    test('keys rotate: the running server signs with the new key at once; tokens signed before still verify', async () => {
      const old = await passwordLogin(h, 'ops@example.com', 'rotate me please 42');
      assert.equal(old.status, 200);
      const oldKid = decodeProtectedHeader(old.body.access_token).kid;

      const rotated = await runGatehouse(['keys', 'rotate', '--tenant', 'demo', '--json'], { env });
      assert.equal(rotated.status, 0, rotated.stderr);
      const result = JSON.parse(rotated.stdout);
      assert.deepEqual(result.previous, [oldKid]);
      assert.notEqual(result.current, oldKid);

      const jwks = createRemoteJWKSet(new URL('.well-known/jwks.json', h.issuer));
      await jwtVerify(old.body.access_token, jwks, { issuer: h.issuer });
      const fresh = await passwordLogin(h, 'ops@example.com', 'rotate me please 42');
      assert.equal(decodeProtectedHeader(fresh.body.access_token).kid, result.current);
      await jwtVerify(fresh.body.access_token, jwks, { issuer: h.issuer });

      const listed = await runGatehouse(['keys', 'list', '--tenant', 'demo', '--json'], { env });
      assert.equal(listed.status, 0, listed.stderr);
      const keys = JSON.parse(listed.stdout) as { kid: string; status: string }[];
      assert.deepEqual(Object.fromEntries(keys.map((k) => [k.kid, k.status])), { [oldKid!]: 'previous', [result.current]: 'current', [result.next]: 'next' });
      assert.ok(!listed.stdout.includes('"d"'), 'no private key material');

      const text = await runGatehouse(['keys', 'rotate', '--tenant', 'demo'], { env });
      assert.equal(text.status, 0, text.stderr);
      assert.match(text.stdout, /^ {2}current \(signs now\):\s+key_/m);
    });

    test('an unknown tenant or a missing --tenant is bad input: exit 2, one line', async () => {
      const unknown = await runGatehouse(['keys', 'rotate', '--tenant', 'nope'], { env });
      assert.equal(unknown.status, 2);
      assert.equal(unknown.stderr.trim(), 'gatehouse: no tenant named "nope" (see gatehouse tenant list)');
      const missing = await runGatehouse(['keys', 'rotate'], { env });
      assert.equal(missing.status, 2);
      assert.match(missing.stderr, /--tenant/);
    });
  });
}
