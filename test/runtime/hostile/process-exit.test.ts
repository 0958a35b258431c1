// `process.exit()` from user code must not end the host (SPEC.md §2: no backend may take the
// server down). Each attempt runs in a throw-away host behind a relay (support/spawn-host.ts), so
// a failure shows as a dead host instead of a dead test runner.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { backends, expectKind } from '../../helpers/runtime.ts';
import { assertContained, isProbeReport, markerDir } from './support/contained.ts';
import { probeSource } from './support/probe.ts';
import { assertHostServedGood, spawnIsolatedHost } from './support/spawn-host.ts';

const exits: Record<string, string> = {
  'process.exit()': 'function login(e, p, callback) { process.exit(0); }',
  'process.exit(1) after the callback': 'function login(e, p, callback) { callback(null, "bye"); process.exit(1); }',
  'process.reallyExit': 'function login(e, p, callback) { process.reallyExit(0); }',
  'process.abort()': 'function login(e, p, callback) { process.abort(); }',
  'via this.constructor.constructor': 'function login(e, p, callback) { this.constructor.constructor("return process")().exit(0); }',
  'via callback.constructor.constructor': 'function login(e, p, callback) { callback.constructor.constructor("return process")().exit(0); }',
};

for (const backend of backends()) {
  describe(`process.exit [${backend}]`, () => {
    let markers: string;
    before(() => { markers = markerDir(); });
    after(() => rmSync(markers, { recursive: true, force: true }));

    for (const [name, source] of Object.entries(exits)) {
      it(`${name}: the host survives and serves the next tenant`, async () => {
        const run = await spawnIsolatedHost(backend, source, ['a', 'b']);
        assert.equal(run.signal, null, `the relay was killed: ${run.stderr}`);
        assert.equal(run.code, 0, `the host died: ${run.stderr}`);
        assert.ok(run.report, `the host printed no report: ${run.stderr}`);
        // The call itself: a ReferenceError when there is no process, a crash of its own
        // container when a stand-in ends it; a result only if the callback came first.
        expectKind(run.report.hostile, 'user-error', 'crash', 'result');
        assertHostServedGood(run.report);
      });
    }

    it('every escape route of the probe, each followed by exit()', async () => {
      const run = await spawnIsolatedHost(backend, probeSource('exit'), [{ secretPath: '/etc/hostname', markerDir: markers }, 'pw']);
      assert.equal(run.signal, null, `the relay was killed: ${run.stderr}`);
      assert.equal(run.code, 0, `the host died: ${run.stderr}`);
      assert.ok(run.report, `the host printed no report: ${run.stderr}`);
      const hostile = expectKind(run.report.hostile, 'result', 'crash');
      if (hostile.kind === 'result') {
        assert.ok(isProbeReport(hostile.value));
        assertContained(hostile.value, { secrets: [], markerDir: markers, hostPid: run.report.pid });
      }
      assertHostServedGood(run.report);
    });
  });
}
