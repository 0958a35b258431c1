import assert from 'node:assert/strict';
import { test } from 'node:test';
import { randomToken, safeEqual, sha256Base64url, sha256Hex } from '../../src/protocol/random.ts';

test('random tokens are 256-bit base64url and do not repeat', () => {
  const seen = new Set(Array.from({ length: 1000 }, () => randomToken()));
  assert.equal(seen.size, 1000);
  for (const t of seen) assert.match(t, /^[A-Za-z0-9_-]{43}$/);
});

test('safeEqual compares by content whatever the lengths', () => {
  assert.equal(safeEqual('secret', 'secret'), true);
  assert.equal(safeEqual('secret', 'secreT'), false);
  assert.equal(safeEqual('secret', 'secret-and-more'), false);
  assert.equal(safeEqual('', ''), true);
});

test('PKCE S256 derivation matches RFC 7636 appendix B', () => {
  assert.equal(sha256Base64url('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});
