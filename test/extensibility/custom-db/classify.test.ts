// Each row of the error table in docs/custom-db.md, at the classification step (the HTTP tests
// in test/e2e/custom-db/ check the same rows on the wire).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderError } from '../../../src/errors/index.ts';
import { CustomDbValidationError, failureToGatehouse } from '../../../src/extensibility/custom-db/index.ts';
import type { Outcome } from '../../../src/runtime/runner.ts';

const base = { logs: [], logsTruncated: false, durationMs: 1, container: { id: 'w-1', cold: false, recycled: false } };
const userError = (error: Record<string, unknown>): Exclude<Outcome, { kind: 'result' }> => ({ ...base, kind: 'user-error', error: error as never });
const failure = (kind: 'timeout' | 'callback-missing' | 'crash' | 'out-of-memory' | 'rejected' | 'overloaded') => ({ ...base, kind, message: 'detail that must not leak' }) as Exclude<Outcome, { kind: 'result' }>;

test('WrongUsernameOrPasswordError → 403 invalid_grant "Wrong email or password." (the script message is not shown)', () => {
  const { status, body } = renderError(failureToGatehouse(userError({ name: 'WrongUsernameOrPasswordError', message: 'secret reason', user_id: 'x' })));
  assert.equal(status, 403);
  assert.deepEqual(body, { error: 'invalid_grant', error_description: 'Wrong email or password.' });
});

test('UnauthorizedError(msg) → 401 unauthorized with msg', () => {
  const { status, body } = renderError(failureToGatehouse(userError({ name: 'UnauthorizedError', message: 'Account locked', code: 'unauthorized' })));
  assert.equal(status, 401);
  assert.deepEqual(body, { error: 'unauthorized', error_description: 'Account locked' });
});

test('ValidationError(code, msg) on signup → the legacy body with the script code; elsewhere a generic failure', () => {
  const err = failureToGatehouse(userError({ name: 'ValidationError', code: 'user_exists', message: 'taken' }), { validation: true });
  assert.ok(err instanceof CustomDbValidationError);
  assert.deepEqual(err.body(), { name: 'BadRequestError', code: 'user_exists', description: 'taken', statusCode: 400 });
  assert.equal(renderError(failureToGatehouse(userError({ name: 'ValidationError', code: 'x', message: 'y' }))).status, 500);
});

test('any other error → 500 server_error with no detail; look-alikes are classified by name, not class', () => {
  for (const error of [{ name: 'Error', message: 'ECONNREFUSED 10.0.0.5' }, { name: 'TypeError', message: 'x is undefined' }, { name: 'wrongusernameorpassworderror', message: 'case matters' }]) {
    const { status, body } = renderError(failureToGatehouse(userError(error)));
    assert.equal(status, 500);
    assert.deepEqual(body, { error: 'server_error', error_description: 'Script execution failed.' });
  }
});

test('timeout and a missing callback → 500 "Script execution time exceeded."; crashes → the generic failure; overload → 503', () => {
  for (const kind of ['timeout', 'callback-missing'] as const) {
    assert.deepEqual(renderError(failureToGatehouse(failure(kind))), { status: 500, body: { error: 'server_error', error_description: 'Script execution time exceeded.' } });
  }
  for (const kind of ['crash', 'out-of-memory', 'rejected'] as const) {
    assert.deepEqual(renderError(failureToGatehouse(failure(kind))).body, { error: 'server_error', error_description: 'Script execution failed.' });
  }
  assert.equal(renderError(failureToGatehouse(failure('overloaded'))).status, 503);
});
