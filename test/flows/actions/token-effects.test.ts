import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessTokenScopes, NO_TOKEN_EFFECTS, TokenEffectsSchema } from '../../../src/flows/actions/index.ts';

test('access-token scopes: removed ones go, added ones join once, the granted order is kept', () => {
  const effects = { ...NO_TOKEN_EFFECTS, addedScopes: ['read:reports', 'openid'], removedScopes: ['email'] };
  assert.deepEqual(accessTokenScopes(['openid', 'profile', 'email'], effects), ['openid', 'profile', 'read:reports']);
  assert.deepEqual(accessTokenScopes(['openid'], NO_TOKEN_EFFECTS), ['openid']);
});

test('token effects kept beside a code are checked when read back', () => {
  assert.ok(TokenEffectsSchema.safeParse({ ...NO_TOKEN_EFFECTS, idTokenClaims: { 'https://x/roles': ['a'] } }).success);
  assert.ok(!TokenEffectsSchema.safeParse({ ...NO_TOKEN_EFFECTS, addedScopes: 'read' }).success);
});
