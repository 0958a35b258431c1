import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanRequires } from '../../../src/runtime/modules/scan-requires.ts';

test('finds string-literal requires with either quote, spaces and versions, unique and in order', () => {
  const source = `
    function login(email, password, callback) {
      const bcrypt = require('bcryptjs');
      const { Client } = require ( "pg@8.23.1" );
      const _ = require(\`lodash\`);
      const again = require('bcryptjs');
      const fp = require('lodash/fp');
    }`;
  assert.deepEqual(scanRequires(source), ['bcryptjs', 'pg@8.23.1', 'lodash', 'lodash/fp']);
});

test('ignores requires in comments, in strings, computed ones, and methods named require', () => {
  const source = `
    // const a = require('in-line-comment');
    /* const b = require("in-block-comment"); */
    const s = "require('in-a-string')";
    const t = 'and require("another")';
    const name = 'x'; require(name); require('a' + name);
    loader.require('method-call'); myrequire('prefixed');
    const tpl = \`\${name}\`; require(\`with-\${name}\`);
    const real = require('mysql');`;
  assert.deepEqual(scanRequires(source), ['mysql']);
});

test('survives unterminated strings and comments', () => {
  assert.deepEqual(scanRequires(`const a = 'oops\nrequire('uuid'); /* never closed`), ['uuid']);
  assert.deepEqual(scanRequires(''), []);
});
