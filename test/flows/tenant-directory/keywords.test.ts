import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { replaceKeywords, unresolvedKeywords } from '../../../src/flows/tenant-directory/index.ts';

// The deploy CLI's own keywordReplace is the reference: the same inputs must give the same text.
const require = createRequire(import.meta.url);
const deployCli = require('auth0-deploy-cli/lib/tools/utils.js') as { keywordReplace(input: string, mappings: Record<string, unknown>): string };

const mappings = { NAME: 'Acme $& Co', LIST: ['a', 'b'], OBJ: { x: 1 }, URL: 'https://acme.example.com' };
const inputs = [
  '{"name": "##NAME##", "callbacks": @@LIST@@}',
  '{"callbacks": "@@LIST@@", "other": \'@@OBJ@@\'}',
  'const url = "##URL##/login"; // ##NAME## ##MISSING##',
  'no keywords at all',
  '##NAME####NAME## @@OBJ@@@@LIST@@',
];

for (const input of inputs) {
  test(`same result as auth0-deploy-cli: ${input}`, () => {
    assert.equal(replaceKeywords(input, mappings), deployCli.keywordReplace(input, mappings));
  });
}

test('values from an env file: @@KEY@@ injects a value that parses as JSON as that JSON, other text as a string', () => {
  const env = { CALLBACKS: '["https://a/cb","https://b/cb"]', APP: 'Web App' };
  assert.deepEqual(JSON.parse(replaceKeywords('{"callbacks": @@CALLBACKS@@, "name": @@APP@@, "n": "##APP##"}', env)), { callbacks: ['https://a/cb', 'https://b/cb'], name: 'Web App', n: 'Web App' });
});

test('unresolvedKeywords lists keywords left in the text once', () => {
  assert.deepEqual(unresolvedKeywords('##A## @@B@@ ##A## #not# @@c-d@@'), ['A', 'B']);
});
