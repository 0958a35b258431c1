import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidProfileError, metadataObject, normaliseProfile } from '../../../src/extensibility/custom-db/index.ts';

test('user_id or id is mandatory; numbers are stringified; the prefix is always auth0|', () => {
  assert.equal(normaliseProfile({ user_id: 42 }).userId, 'auth0|42');
  assert.equal(normaliseProfile({ id: 'abc' }).identityUserId, 'abc');
  assert.equal(normaliseProfile({ user_id: 'legacy|7', id: 'ignored' }).userId, 'auth0|legacy|7', 'user_id wins; a | inside is kept');
  for (const bad of [{}, { user_id: '' }, { id: null }, { id: { x: 1 } }, null, 'str', [1]]) {
    assert.throws(() => normaliseProfile(bad), InvalidProfileError, JSON.stringify(bad));
  }
});

test('email_verified defaults to false; standard fields are kept, empty strings dropped', () => {
  const p = normaliseProfile({ id: 1, email: 'A@x.io', name: 'A', nickname: '', given_name: 'Ann' });
  assert.equal(p.email_verified, false);
  assert.deepEqual(p.root, { email: 'A@x.io', name: 'A', given_name: 'Ann' });
  assert.equal(normaliseProfile({ id: 1, email_verified: true }).email_verified, true);
  assert.equal(normaliseProfile({ id: 1, email_verified: 'true' }).email_verified, false, 'only a real true counts');
});

test('metadata is the old name of app_metadata: merged, app_metadata winning', () => {
  assert.deepEqual(normaliseProfile({ id: 1, metadata: { a: 1, b: 1 } }).app_metadata, { a: 1, b: 1 });
  assert.deepEqual(normaliseProfile({ id: 1, metadata: { a: 1, b: 1 }, app_metadata: { b: 2 } }).app_metadata, { a: 1, b: 2 });
  assert.deepEqual(normaliseProfile({ id: 1, user_metadata: { lang: 'fr' } }).user_metadata, { lang: 'fr' });
  assert.deepEqual(metadataObject('plain'), { value: 'plain' }, 'a non-object is kept, wrapped');
  assert.equal(metadataObject(undefined), undefined);
});

test('IdP tokens leave the root for the identity; custom fields are kept aside; host fields are not taken from the script', () => {
  const p = normaliseProfile({ id: 1, access_token: 'at', refresh_token: 'rt', favourite_colour: 'teal', logins_count: 99, identities: [] });
  assert.deepEqual(p.idpTokens, { access_token: 'at', refresh_token: 'rt' });
  assert.deepEqual(p.extra, { favourite_colour: 'teal' });
  assert.doesNotMatch(JSON.stringify({ ...p, idpTokens: undefined }), /"at"|"rt"/);
});
