import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertExactDependencies, dependencySource, parseModuleRequest } from '../../../src/runtime/modules/spec.ts';
import { GatehouseError } from '../../../src/errors/index.ts';

test('exact versions and npm aliases to exact versions are accepted', () => {
  assert.doesNotThrow(() => assertExactDependencies({ pg: '8.23.1', '@xmldom/xmldom': '0.9.12', x: '1.0.0-beta.2+b7', bcrypt: 'npm:bcryptjs@3.0.3' }));
});

for (const [name, version] of [
  ['pg', '^8.0.0'], ['pg', '~8.1.0'], ['pg', '8.x'], ['pg', 'latest'], ['pg', '>=1.0.0'], ['pg', '*'], ['pg', ''],
  ['pg', 'https://example.com/pg.tgz'], ['pg', 'git+https://github.com/brianc/node-postgres.git'], ['pg', 'github:brianc/node-postgres'],
  ['pg', 'file:../pg'], ['pg', '../pg'], ['bcrypt', 'npm:bcryptjs@^3.0.0'], ['Bad Name', '1.0.0'], ['../evil', '1.0.0'],
] as const) {
  test(`spec ${name}@${version} is refused with an error naming it`, () => {
    assert.throws(() => assertExactDependencies({ [name]: version }), (err: unknown) => {
      assert.ok(err instanceof GatehouseError);
      assert.equal(err.code, 'DEPENDENCY_INSTALL_FAILED');
      assert.ok(err.message.includes(`${name}@${version}`), err.message);
      return true;
    });
  });
}

test('dependencySource follows npm aliases', () => {
  assert.deepEqual(dependencySource('bcrypt', 'npm:bcryptjs@3.0.3'), { name: 'bcryptjs', version: '3.0.3' });
  assert.deepEqual(dependencySource('xmldom', 'npm:@xmldom/xmldom@0.9.12'), { name: '@xmldom/xmldom', version: '0.9.12' });
  assert.deepEqual(dependencySource('pg', '8.23.1'), { name: 'pg', version: '8.23.1' });
});

test('parseModuleRequest splits name, Auth0-style version and subpath', () => {
  assert.deepEqual(parseModuleRequest('pg'), { name: 'pg', subpath: '' });
  assert.deepEqual(parseModuleRequest('lodash/fp'), { name: 'lodash', subpath: 'fp' });
  assert.deepEqual(parseModuleRequest('mongodb@5.1.0'), { name: 'mongodb', version: '5.1.0', subpath: '' });
  assert.deepEqual(parseModuleRequest('@xmldom/xmldom'), { name: '@xmldom/xmldom', subpath: '' });
  assert.deepEqual(parseModuleRequest('@xmldom/xmldom@0.9.12/lib/dom'), { name: '@xmldom/xmldom', version: '0.9.12', subpath: 'lib/dom' });
  assert.equal(parseModuleRequest('./local'), null);
  assert.equal(parseModuleRequest('/etc/passwd'), null);
  assert.equal(parseModuleRequest('node:fs'), null);
});
