import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grantUserScopes, permissionsFor, splitScope } from '../../src/protocol/scopes.ts';
import type { ClientRecord, ResourceServerRecord } from '../../src/storage/index.ts';

const client = (grants: string[]) => ({ grant_types: grants }) as ClientRecord;
const api = (patch: Partial<ResourceServerRecord> = {}) => ({
  identifier: 'https://api', scopes: [{ value: 'read:x' }, { value: 'write:x' }], allow_offline_access: true,
  enforce_policies: false, token_dialect: 'access_token', ...patch,
}) as ResourceServerRecord;

test('splitScope drops empties and duplicates, keeping order', () => {
  assert.deepEqual(splitScope(' openid  profile openid '), ['openid', 'profile']);
  assert.deepEqual(splitScope(undefined), []);
});

test('user scopes: OIDC always, the audience\'s own scopes, nothing else', () => {
  const asked = ['openid', 'email', 'read:x', 'admin', 'offline_access'];
  assert.deepEqual(grantUserScopes(asked, client(['refresh_token']), api()), ['openid', 'email', 'read:x', 'offline_access']);
  assert.deepEqual(grantUserScopes(asked, client(['refresh_token']), undefined), ['openid', 'email', 'offline_access']);
});

test('offline_access needs the refresh_token grant and, with an audience, an API allowing it', () => {
  assert.deepEqual(grantUserScopes(['openid', 'offline_access'], client([]), undefined), ['openid']);
  assert.deepEqual(grantUserScopes(['openid', 'offline_access'], client(['refresh_token']), api({ allow_offline_access: false })), ['openid']);
});

test('permissions only with RBAC and a *_authz dialect; they are the API scopes granted', () => {
  assert.equal(permissionsFor(api(), ['read:x']), undefined);
  assert.equal(permissionsFor(api({ enforce_policies: true }), ['read:x']), undefined);
  assert.deepEqual(permissionsFor(api({ enforce_policies: true, token_dialect: 'access_token_authz' }), ['openid', 'read:x']), ['read:x']);
  assert.equal(permissionsFor(undefined, ['read:x']), undefined);
});
