// SPEC.md §2 "modules" as far as the runtime goes: built-ins by allow-list, declared packages from
// their content-addressed folder (`name` and `name@version`), a clear error for anything else.
// Installing the sets is the module installer's job (test/runtime/modules/); here they are written
// directly.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { backends, expectKind, expectResult, script, startRunner, unique, writeModuleSet } from '../support.ts';

const deps = { 'left-pad': '1.3.0', compiler: '1.0.0' };
const packages = {
  'left-pad': {
    'index.js': `module.exports = function leftPad(s, n, c) { s = String(s); while (s.length < n) s = (c || ' ') + s; return s; };
module.exports.env = function () { return JSON.stringify(process.env); };
module.exports.readPasswd = function () { return require('fs').readFileSync('/etc/passwd', 'utf8').length; };
module.exports.writeTmp = function (path) { require('fs').writeFileSync(path, 'written'); return 'wrote'; };
module.exports.shell = function () { return String(require('child_process').execFileSync('/bin/echo', ['ran'])); };
module.exports.unconfinedWorker = function (path) {
  var Worker = require('worker_threads').Worker;
  new Worker("require('fs').writeFileSync(" + JSON.stringify(path) + ", 'escaped')", { eval: true, execArgv: [] });
  return 'started';
};`,
  },
  // Compiles code in the container's own realm, as template engines do.
  compiler: { 'index.js': 'module.exports = function (body) { return Function(body)(); };' },
};

for (const backend of backends) {
  describe(`require [${backend}]`, () => {
    const runner = startRunner(backend);
    writeModuleSet(runner.moduleCacheDir, deps, packages);
    after(() => runner.dispose());

    const run = (body: string, extra: { dependencies?: Record<string, string> } = {}) =>
      runner.run(script(`function login(cb) { ${body} }`, { tenant: unique(), ...extra }));

    it('grants allow-listed built-ins, with or without node:', async () => {
      const outcome = await run(`cb(null, [require('crypto').createHash('md5').update('a').digest('hex').length, typeof require('node:url').URL, typeof require('util').format]);`);
      assert.deepEqual(expectResult(outcome), [32, 'function', 'function']);
    });

    for (const name of ['fs', 'child_process', 'worker_threads', 'vm', 'node:fs', 'os', 'module']) {
      it(`refuses the built-in ${name}`, async () => {
        const error = expectKind(await run(`require('${name}'); cb(null, 'loaded');`), 'user-error').error;
        assert.match(error.message, new RegExp(`Cannot require '${name}'`));
      });
    }

    it('names an undeclared package in a user error', async () => {
      const error = expectKind(await run(`require('left-pad'); cb(null, 'loaded');`), 'user-error').error;
      assert.equal(error.message, `Cannot find module 'left-pad': declare it as a dependency`);
    });

    it('loads a declared package, also as name@version', async () => {
      const outcome = await run(`cb(null, [require('left-pad')('7', 3, '0'), require('left-pad@1.3.0')('8', 2, '0')]);`, { dependencies: deps });
      assert.deepEqual(expectResult(outcome), ['007', '08']);
    });

    it('refuses name@version for a version that was not declared', async () => {
      const error = expectKind(await run(`require('left-pad@2.0.0'); cb(null, 'loaded');`, { dependencies: deps }), 'user-error').error;
      assert.match(error.message, /version 2\.0\.0 is not declared/);
    });

    it('refuses relative and absolute paths', async () => {
      for (const path of ['./x', '/etc/passwd']) {
        expectKind(await run(`require('${path}'); cb(null, 'loaded');`, { dependencies: deps }), 'user-error');
      }
    });

    it('gives packages an empty process.env', async () => {
      process.env.GATEHOUSE_RUNTIME_TEST_SECRET = 'must-not-leak';
      try {
        const outcome = await run(`cb(null, require('left-pad').env());`, { dependencies: deps });
        assert.equal(expectResult(outcome), '{}');
      } finally {
        delete process.env.GATEHOUSE_RUNTIME_TEST_SECRET;
      }
    });

    it('keeps code generated in the container realm from importing what require refuses', async () => {
      for (const target of ['node:fs', 'node:child_process', new URL('../../../src/runtime/limits.ts', import.meta.url).href]) {
        const outcome = await runner.run(script(`async function login(cb) { await require('compiler')('return import(${JSON.stringify(target)})'); cb(null, 'imported'); }`, { tenant: unique(), dependencies: deps }));
        assert.match(expectKind(outcome, 'user-error').error.message, /Cannot import/, target);
      }
    });

    // Packages run with the real `require`: only the permission model of the process holding the
    // container (the worker host, or the container's own child process) stops them.
    it('blocks file reads outside the code and module folders, even from a package', async () => {
      const error = expectKind(await run(`cb(null, require('left-pad').readPasswd());`, { dependencies: deps }), 'user-error').error;
      assert.match(error.message, /Access to this API has been restricted|ERR_ACCESS_DENIED/);
    });

    it('blocks file writes and child processes, even from a package', async () => {
      const target = join(tmpdir(), `gatehouse-package-write-${unique()}`);
      const write = expectKind(await run(`cb(null, require('left-pad').writeTmp(${JSON.stringify(target)}));`, { dependencies: deps }), 'user-error').error;
      assert.match(write.message, /Access to this API has been restricted|ERR_ACCESS_DENIED/);
      assert.equal(existsSync(target), false);
      const shell = expectKind(await run(`cb(null, require('left-pad').shell());`, { dependencies: deps }), 'user-error').error;
      assert.match(shell.message, /Access to this API has been restricted|ERR_ACCESS_DENIED/);
    });

    // Node runs a worker started with its own execArgv outside the permission model.
    it('refuses a package a worker thread of its own, which could leave the permission model', async () => {
      const target = join(tmpdir(), `gatehouse-package-worker-${unique()}`);
      const outcome = await run(`cb(null, require('left-pad').unconfinedWorker(${JSON.stringify(target)}));`, { dependencies: deps });
      assert.match(expectKind(outcome, 'user-error').error.message, /not allowed|Access to this API has been restricted|ERR_ACCESS_DENIED/);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(existsSync(target), false);
    });
  });
}
