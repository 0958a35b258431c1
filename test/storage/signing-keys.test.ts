import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../src/storage/database.ts';
import { createSecretBox } from '../../src/storage/secret-box.ts';
import { createSigningKeyQueries, type CreateSigningKeyInput } from '../../src/storage/signing-keys.ts';
import { createTenantQueries } from '../../src/storage/tenants.ts';
import { dialects } from '../helpers/dialects.ts';

function fakeKey(status: CreateSigningKeyInput['status'], kid: string): CreateSigningKeyInput {
  const d = randomBytes(16).toString('base64url');
  return { kid, alg: 'RS256', status, private_jwk: { kty: 'RSA', n: 'n', e: 'AQAB', d }, public_jwk: { kty: 'RSA', n: 'n', e: 'AQAB' } };
}

for (const dialect of await dialects()) {
  describe(`signing keys on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: Database;
    const box = createSecretBox(randomBytes(32));
    before(async () => { database = await dialect.openMigrated(); });
    after(async () => { await database?.close(); });

    test('create, find, current, publicKeys carry kid and no private part', async () => {
      const tenantId = (await createTenantQueries(database).create({ name: 'keys-a' })).id;
      const keys = createSigningKeyQueries(database, box, tenantId);
      const input = fakeKey('current', 'k1');
      const k = await keys.create(input);
      assert.deepEqual(k.private_jwk, input.private_jwk);
      assert.deepEqual(k.public_jwk, { ...input.public_jwk, kid: 'k1' });
      assert.deepEqual(await keys.find('k1'), k);
      assert.equal((await keys.current())?.kid, 'k1');
      const jwks = await keys.publicKeys();
      assert.deepEqual(jwks, [{ kty: 'RSA', n: 'n', e: 'AQAB', kid: 'k1' }]);
      assert.ok(jwks.every((j) => !('d' in j)));
    });

    test('rotate: next → current → previous → revoked', async () => {
      const tenantId = (await createTenantQueries(database).create({ name: 'keys-b' })).id;
      const keys = createSigningKeyQueries(database, box, tenantId);
      assert.equal(await keys.rotate(), undefined, 'nothing to promote');
      await keys.create(fakeKey('current', 'a'));
      await keys.create(fakeKey('next', 'b'));
      const r1 = await keys.rotate();
      assert.equal(r1?.kid, 'b');
      assert.equal(r1?.status, 'current');
      assert.ok(r1?.rotated_at);
      assert.equal((await keys.find('a'))?.status, 'previous');

      await keys.create(fakeKey('next', 'c'));
      await keys.rotate();
      assert.deepEqual(
        Object.fromEntries((await keys.list()).map((k) => [k.kid, k.status])),
        { a: 'revoked', b: 'previous', c: 'current' });
      assert.deepEqual((await keys.publicKeys()).map((j) => j.kid).sort(), ['b', 'c']);
    });

    test('setStatus and remove', async () => {
      const tenantId = (await createTenantQueries(database).create({ name: 'keys-c' })).id;
      const keys = createSigningKeyQueries(database, box, tenantId);
      await keys.create(fakeKey('next', 'x'));
      assert.equal(await keys.setStatus('x', 'revoked'), true);
      assert.equal((await keys.find('x'))?.status, 'revoked');
      assert.equal(await keys.remove('x'), true);
      assert.equal(await keys.find('x'), undefined);
      assert.equal(await keys.setStatus('x', 'current'), false);
    });
  });
}
