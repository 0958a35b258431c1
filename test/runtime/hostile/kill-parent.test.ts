// `process.kill(process.ppid)` and `process.kill(process.pid)`, reached by any route, must not end
// the host (SPEC.md §2: no backend may take the server down). Runs in a throw-away host behind a
// relay: test → relay → host → containers. From a worker, ppid is the relay; from a child
// process, ppid is the host. Either death shows as a failed relay, never as a killed test runner.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { backends, expectKind } from '../../helpers/runtime.ts';
import { assertContained, isProbeReport, markerDir } from './support/contained.ts';
import { probeSource } from './support/probe.ts';
import { assertHostServedGood, spawnIsolatedHost } from './support/spawn-host.ts';

const kills: Record<string, string> = {
  'process.kill(process.ppid)': 'function login(e, p, callback) { process.kill(process.ppid, "SIGKILL"); callback(null, "still here"); }',
  'process.kill(process.pid)': 'function login(e, p, callback) { process.kill(process.pid, "SIGKILL"); callback(null, "still here"); }',
  'SIGTERM to ppid via this.constructor.constructor': 'function login(e, p, callback) { var p = this.constructor.constructor("return process")(); p.kill(p.ppid); callback(null, "still here"); }',
  'SIGKILL to ppid via callback.constructor.constructor': 'function login(e, p, callback) { var p = callback.constructor.constructor("return process")(); p.kill(p.ppid, "SIGKILL"); callback(null, "still here"); }',
};

for (const backend of backends()) {
  describe(`kill parent [${backend}]`, () => {
    let markers: string;
    before(() => { markers = markerDir(); });
    after(() => rmSync(markers, { recursive: true, force: true }));

    for (const [name, source] of Object.entries(kills)) {
      it(`${name}: the host survives and serves the next tenant`, async () => {
        const run = await spawnIsolatedHost(backend, source, ['a', 'b']);
        assert.equal(run.signal, null, `the relay (the host's parent) was killed: ${run.stderr}`);
        assert.equal(run.code, 0, `the host died: ${run.stderr}`);
        assert.ok(run.report, `the host printed no report: ${run.stderr}`);
        // Without a process the call throws a ReferenceError; a kill that only reached the
        // script's own container shows as its crash.
        expectKind(run.report.hostile, 'user-error', 'crash');
        assertHostServedGood(run.report);
      });
    }

    it('every escape route of the probe, each followed by SIGKILL to ppid and pid', async () => {
      const run = await spawnIsolatedHost(backend, probeSource('kill'), [{ secretPath: '/etc/hostname', markerDir: markers }, 'pw']);
      assert.equal(run.signal, null, `the relay (the host's parent) was killed: ${run.stderr}`);
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
