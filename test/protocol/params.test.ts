import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatehouseError } from '../../src/errors/index.ts';
import { parseParams, required } from '../../src/protocol/params.ts';

const invalid = (description: string) => (err: unknown) =>
  err instanceof GatehouseError && err.code === 'OAUTH_INVALID_REQUEST' && err.message === description;

test('flat string parameters pass; numbers and booleans become text; empty strings count as absent', () => {
  assert.deepEqual(parseParams({ a: 'x', max_age: 30, flag: true, empty: '' }), { a: 'x', max_age: '30', flag: 'true' });
  assert.deepEqual(parseParams(undefined), {});
});

test('repeated, nested and oversized parameters are refused by name', () => {
  assert.throws(() => parseParams({ scope: ['a', 'b'] }), invalid('Invalid parameter: scope'));
  assert.throws(() => parseParams({ code: { $ne: 1 } }), invalid('Invalid parameter: code'));
  assert.throws(() => parseParams({ state: 'x'.repeat(4097) }), invalid('Invalid parameter: state'));
  assert.throws(() => parseParams('grant_type=password'), invalid('The request body must be a form or a JSON object.'));
  assert.throws(() => parseParams([1]), invalid('The request body must be a form or a JSON object.'));
});

test('required names the missing parameter as Auth0 does', () => {
  assert.equal(required({ code: 'c' }, 'code'), 'c');
  assert.throws(() => required({}, 'code'), invalid('Missing required parameter: code'));
});
