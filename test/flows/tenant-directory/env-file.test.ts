import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatEnvFile, parseEnvFile } from '../../../src/flows/tenant-directory/index.ts';

test('KEY=VALUE lines, comments, export, quotes and inline comments', () => {
  const { values, problems } = parseEnvFile([
    '# a comment',
    '',
    'PLAIN=value',
    'export EXPORTED=yes',
    'SPACED = padded  ',
    "SINGLE='keeps \\n and # as they are'",
    'DOUBLE="line\\nbreak \\"quoted\\""',
    'INLINE=value # comment',
    'EMPTY=',
  ].join('\n'));
  assert.deepEqual(problems, []);
  assert.deepEqual(values, {
    PLAIN: 'value', EXPORTED: 'yes', SPACED: 'padded', SINGLE: 'keeps \\n and # as they are', DOUBLE: 'line\nbreak "quoted"', INLINE: 'value', EMPTY: '',
  });
});

test('a malformed line is named by number, never echoed (it may hold a secret)', () => {
  const { values, problems } = parseEnvFile('GOOD=1\nthis is s3cret\n', 'dev.env');
  assert.deepEqual(values, { GOOD: '1' });
  assert.deepEqual(problems, [{ file: 'dev.env', message: 'line 2 is not KEY=VALUE; ignored' }]);
  assert.doesNotMatch(problems[0].message, /s3cret/);
});

test('formatEnvFile round-trips through parseEnvFile', () => {
  const values = { A: 'plain', B: 'has spaces and "quotes"', C: 'multi\nline', D: 'postgres://u:p@h:5432/db', E: 'back\\slash' };
  assert.deepEqual(parseEnvFile(formatEnvFile(values, 'header')).values, values);
});
