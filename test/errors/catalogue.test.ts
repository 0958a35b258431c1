import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { errors, GatehouseError, renderError } from '../../src/errors/index.ts';

// As fastify's test/internals/errors.test.js: the docs are part of the contract, so a code added
// to the catalogue without a row in docs/errors.md (or a stale row) fails the build.
const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
const rows = new Map(
  [...doc.matchAll(/^\| ([A-Z][A-Z0-9_]+) \| (\d{3}) \| (.+) \|$/gm)].map((m) => [m[1], { status: Number(m[2]), meaning: m[3] }]),
);

test('every catalogue code has a row in docs/errors.md with its status', () => {
  for (const [code, spec] of Object.entries(errors)) {
    const row = rows.get(code);
    assert.ok(row, `docs/errors.md has no row for ${code}`);
    assert.equal(row.status, spec.status, `docs/errors.md gives ${code} status ${row.status}, the catalogue ${spec.status}`);
    assert.ok(row.meaning.trim().length > 10, `docs/errors.md row for ${code} says nothing`);
  }
});

test('docs/errors.md names no code the catalogue does not have', () => {
  for (const code of rows.keys()) assert.ok(code in errors, `docs/errors.md documents unknown code ${code}`);
});

test('every HTTP-shaped code renders to its Auth0 shape with its status', () => {
  for (const [code, spec] of Object.entries(errors)) {
    if (spec.shape === 'cli') continue;
    const { status, body } = renderError(new GatehouseError(code as keyof typeof errors, 'detail for the client'));
    assert.equal(status, spec.status);
    const keys = Object.keys(body).sort();
    const expected = { auth: ['error', 'error_description'], management: ['error', 'errorCode', 'message', 'statusCode'], legacy: ['code', 'description', 'name', 'statusCode'] }[spec.shape];
    assert.deepEqual(keys, expected, `${code} renders as ${spec.shape}`);
    const text = JSON.stringify(body);
    assert.equal(text.includes('detail for the client'), spec.expose, `${code}: expose=${spec.expose}`);
  }
});

test('anything that is not a GatehouseError renders as a bare server_error', () => {
  const { status, body } = renderError(new Error('connection string postgres://u:hunter2@db'));
  assert.equal(status, 500);
  assert.deepEqual(body, { error: 'server_error', error_description: 'Internal server error.' });
});
