// SPEC.md §2 "size": sources over 102,400 UTF-8 bytes are rejected; so is bad syntax, with the
// line number. Neither ever starts user code.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { backends, action, expectKind, expectResult, script, startRunner, unique } from '../support.ts';

function sourceOfBytes(bytes: number, filler: string): string {
  const head = 'function login(cb) { cb(null, "fits"); }\n//';
  const fill = bytes - Buffer.byteLength(head);
  const unit = Buffer.byteLength(filler);
  return head + filler.repeat(Math.floor(fill / unit)) + 'x'.repeat(fill % unit);
}

for (const backend of backends) {
  describe(`size and syntax [${backend}]`, () => {
    const runner = startRunner(backend);
    after(() => runner.dispose());

    it('accepts a source of exactly 102,400 bytes', async () => {
      const source = sourceOfBytes(102_400, 'x');
      assert.equal(Buffer.byteLength(source), 102_400);
      assert.equal(expectResult(await runner.run(script(source, { tenant: unique() }))), 'fits');
    });

    it('rejects a source one byte over, counting UTF-8 bytes rather than characters', async () => {
      const source = sourceOfBytes(102_401, 'é');
      assert.ok(source.length < 102_401);
      const outcome = expectKind(await runner.run(script(source, { tenant: unique() })), 'rejected');
      assert.match(outcome.message, /102401 bytes.*102400/);
      assert.equal(outcome.container.id, '', 'no container was involved');
    });

    it('rejects a syntax error with its line number, without running anything', async () => {
      const tenant = unique();
      const source = `function login(cb) {\n  global.ran = true;\n  var x = ;\n}`;
      const outcome = expectKind(await runner.run(script(source, { tenant })), 'rejected');
      assert.match(outcome.message, /line 3/);
      const probe = `function login(cb) { cb(null, global.ran === undefined); }`;
      assert.equal(expectResult(await runner.run(script(probe, { tenant, codeId: 'probe' }))), true);
    });

    it('rejects a script that is not a single function', async () => {
      const outcome = await runner.run(script(`function a(cb) {}\nfunction b(cb) {}`, { tenant: unique() }));
      expectKind(outcome, 'rejected');
    });

    it('accepts a leading "use npm" directive and a trailing semicolon', async () => {
      const outcome = await runner.run(script(`"use npm";\nfunction login(cb) { cb(null, 'ok'); };\n`, { tenant: unique() }));
      assert.equal(expectResult(outcome), 'ok');
    });

    it('rejects an Action module with a syntax error, with its line number', async () => {
      const outcome = expectKind(await runner.run(action(`exports.onExecutePostLogin = async () => {\n\n  return {;\n};`, { tenant: unique() })), 'rejected');
      assert.match(outcome.message, /line 3/);
    });
  });
}
