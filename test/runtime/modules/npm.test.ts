import { test } from 'node:test';
import assert from 'node:assert/strict';
import { npmReason } from '../../../src/runtime/modules/npm.ts';

test("npmReason keeps npm's first meaningful error line", () => {
  const notarget = [
    'npm warn Unknown user config "nodedir".',
    'npm error code ETARGET',
    'npm error notarget No matching version found for pg@99.0.0.',
    'npm error notarget In most cases you or one of your dependencies are requesting a package version that doesn\'t exist.',
    'npm error A complete log of this run can be found in: /root/.npm/_logs/x-debug-0.log',
  ].join('\n');
  assert.equal(npmReason(notarget), 'No matching version found for pg@99.0.0.');
  const e404 = 'npm ERR! code E404\nnpm ERR! 404 Not Found - GET https://registry.npmjs.org/nope - Not found\n';
  assert.equal(npmReason(e404), '404 Not Found - GET https://registry.npmjs.org/nope - Not found');
  assert.equal(npmReason('something odd'), 'npm exited with an error');
});
