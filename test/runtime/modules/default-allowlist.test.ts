import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultAllowList, dependenciesForScript, dependenciesForScripts } from '../../../src/runtime/modules/default-allowlist.ts';
import { assertExactDependencies } from '../../../src/runtime/modules/spec.ts';

test('the allow-list holds the modules SPEC.md §2 names, each pinned exactly', () => {
  for (const name of ['bcrypt', 'bcryptjs', 'pg', 'mysql', 'mysql2', 'mongodb', 'axios', 'jsonwebtoken', 'lodash', 'uuid', 'xmldom', '@xmldom/xmldom']) {
    assert.ok(Object.hasOwn(defaultAllowList, name), name);
  }
  assert.doesNotThrow(() => assertExactDependencies(defaultAllowList));
  assert.ok(Object.isFrozen(defaultAllowList));
});

test('bcrypt is bcryptjs and xmldom is @xmldom/xmldom under their old names', () => {
  assert.equal(defaultAllowList.bcrypt, `npm:bcryptjs@${defaultAllowList.bcryptjs}`);
  assert.equal(defaultAllowList.xmldom, `npm:@xmldom/xmldom@${defaultAllowList['@xmldom/xmldom']}`);
});

test('a script gets only the allow-listed modules it requires', () => {
  const source = `async function login(email, password, callback) {
    const crypto = require('crypto');
    const bcrypt = require('bcrypt');
    const { Client } = require('pg');
    const other = require('left-pad');
  }`;
  assert.deepEqual(dependenciesForScript(source), { bcrypt: defaultAllowList.bcrypt, pg: defaultAllowList.pg });
});

test('name@version counts only when it is the listed version', () => {
  const listed = `require('pg@${defaultAllowList.pg}'); require('xmldom@${defaultAllowList['@xmldom/xmldom']}')`;
  assert.deepEqual(dependenciesForScript(listed), { pg: defaultAllowList.pg, xmldom: defaultAllowList.xmldom });
  assert.deepEqual(dependenciesForScript(`require('pg@1.0.0')`), {});
});

test('a custom allow-list replaces the default', () => {
  assert.deepEqual(dependenciesForScript(`require('pg'); require('knex')`, { knex: '3.1.0' }), { knex: '3.1.0' });
});

test('the scripts of one connection get the union of what each requires', () => {
  const login = `function login(e, p, cb) { const bcrypt = require('bcryptjs'); const { Client } = require('pg'); }`;
  const getUser = `function getUser(e, cb) { const { Client } = require('pg'); const _ = require('lodash'); }`;
  const remove = `function remove(id, cb) { cb(null); }`;
  assert.deepEqual(dependenciesForScripts([login, getUser, remove]), {
    bcryptjs: defaultAllowList.bcryptjs, lodash: defaultAllowList.lodash, pg: defaultAllowList.pg,
  });
  assert.deepEqual(dependenciesForScripts([]), {});
});
