// Prototype-chain and stack-trace escapes (`this.constructor.constructor('return process')()` and
// friends, isolated-vm style): every route the probe knows must end without a host `process`,
// file-system access or a child process, on both backends (SPEC.md §2 "isolation").
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertServesOthers, backends, expectKind, expectResult, runScript, startRunner } from '../../helpers/runtime.ts';
import type { TestRunner } from '../../helpers/runtime.ts';
import { assertContained, isProbeReport, markerDir } from './support/contained.ts';
import { probeSource } from './support/probe.ts';

// Single routes, each as small as the classic write-ups show them; the probe combines them all.
// A script may meet a process-like stand-in, but one with a numeric pid is the real thing.
const classic = (expression: string): string => `function login(e, p, callback) {
  var r;
  try { var got = ${expression}; r = got && typeof got.pid === "number" ? "escaped" : "contained"; } catch (x) { r = "contained"; }
  callback(null, r);
}`;
const classics: Record<string, string> = {
  'this.constructor.constructor': classic('this.constructor.constructor("return process")()'),
  'callback.constructor.constructor': classic('callback.constructor.constructor("return process")()'),
  'configuration.constructor.constructor': classic('configuration.constructor.constructor("return process")()'),
  'arguments.callee.caller': classic('arguments.callee.caller.constructor("return process")()'),
  'process': classic('process'),
  'require(process)': classic('require("process")'),
};

for (const backend of backends()) {
  describe(`prototype escape [${backend}]`, () => {
    let runner: TestRunner;
    let markers: string;
    let secretPath: string;
    const secret = `gatehouse-secret-${randomUUID()}`;
    before(() => {
      runner = startRunner(backend, { timeoutMs: 10_000 });
      markers = markerDir();
      secretPath = join(markers, '..', `secret-${randomUUID()}.txt`);
      writeFileSync(secretPath, secret);
    });
    after(async () => {
      await runner.dispose();
      rmSync(markers, { recursive: true, force: true });
      rmSync(secretPath, { force: true });
    });

    for (const [route, source] of Object.entries(classics)) {
      it(`${route} yields no host process`, async () => {
        const outcome = await runScript(runner, source, { tenant: 'escaper', codeId: route, args: ['a', 'b'] });
        assert.equal(expectResult(outcome), 'contained');
        await assertServesOthers(runner);
      });
    }

    it('every route in the probe ends without effect', async () => {
      const outcome = await runScript(runner, probeSource('inspect'), {
        tenant: 'escaper', codeId: 'probe', args: [{ secretPath, markerDir: markers }, 'pw'], configuration: { db: 'postgres://x' },
      });
      const report = expectResult(outcome);
      assert.ok(isProbeReport(report), 'the probe did not report');
      assert.ok(Object.keys(report.routes).length > 40, 'the probe did not try its routes');
      assertContained(report, { secrets: [secret], markerDir: markers, hostPid: process.pid });
      await assertServesOthers(runner);
    });

    it('Error.prepareStackTrace set by one call does not leak into host errors', async () => {
      const outcome = await runScript(runner,
        'function login(e, p, callback) { Error.prepareStackTrace = function () { return "owned"; }; callback(new Error("with a trap")); }',
        { tenant: 'escaper', codeId: 'trap', args: ['a', 'b'] });
      assert.equal(expectKind(outcome, 'user-error').error.message, 'with a trap');
      assert.notEqual(new Error('host').stack, 'owned');
      await assertServesOthers(runner);
    });
  });
}
