import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatehouseError } from '../../src/errors/index.ts';
import { formMessage } from '../../src/ui/messages.ts';

test('known codes speak Auth0\'s words on the form', () => {
  assert.equal(formMessage(new GatehouseError('WRONG_CREDENTIALS')), 'Wrong email or password.');
  assert.equal(formMessage(new GatehouseError('USER_EXISTS')), 'The user already exists.');
  assert.match(formMessage(new GatehouseError('TOO_MANY_ATTEMPTS')) ?? '', /^Your account has been blocked after multiple consecutive login attempts\./);
  assert.equal(formMessage(new GatehouseError('DBCONN_INVALID_BODY', 'Missing required parameter: username')), 'Username is not valid.');
  assert.equal(formMessage(new GatehouseError('DBCONN_INVALID_BODY', "Object didn't pass validation for format email: x")), 'Email is not valid.');
});

test('other exposed 4xx errors show their own message; server errors and foreign throws do not reach the form', () => {
  assert.equal(formMessage(new GatehouseError('BAD_REQUEST', 'Your account is not yet active.')), 'Your account is not yet active.');
  assert.equal(formMessage(new GatehouseError('SERVER_ERROR', 'db password is hunter2')), undefined);
  assert.equal(formMessage(new Error('boom')), undefined);
});
