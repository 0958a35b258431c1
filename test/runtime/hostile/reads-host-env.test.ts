// A container sees an empty environment, never the host's `process.env` (SPEC.md §2 "globals"):
// a canary set in the host before the runner starts must not be visible by any route, including
// /proc/self/environ. The isolated-host case puts the canary in the initial environment, which
// is what /proc/self/environ shows.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { assertServesOthers, backends, expectResult, runScript, startRunner } from '../../helpers/runtime.ts';
import type { TestRunner } from '../../helpers/runtime.ts';
import { assertContained, isProbeReport, markerDir } from './support/contained.ts';
import { probeSource } from './support/probe.ts';
import { assertHostServedGood, spawnIsolatedHost } from './support/spawn-host.ts';

const canaryName = 'GATEHOUSE_TEST_CANARY';
const canary = `canary-${randomUUID()}`;

const direct = `function login(e, p, callback) {
  var seen = [];
  try { seen.push(JSON.stringify(process.env)); } catch (x) {}
  try { seen.push(JSON.stringify(require("process").env)); } catch (x) {}
  try { seen.push(String(process.env.${canaryName})); } catch (x) {}
  try { seen.push(JSON.stringify(globalThis.process && globalThis.process.env)); } catch (x) {}
  callback(null, seen);
}`;

for (const backend of backends()) {
  describe(`reads host environment [${backend}]`, () => {
    let runner: TestRunner;
    let markers: string;
    before(() => {
      process.env[canaryName] = canary;
      runner = startRunner(backend, { timeoutMs: 10_000 });
      markers = markerDir();
    });
    after(async () => {
      await runner.dispose();
      delete process.env[canaryName];
      rmSync(markers, { recursive: true, force: true });
    });

    it('process.env is empty or absent', async () => {
      const outcome = await runScript(runner, direct, { tenant: 'snoop', args: ['a', 'b'] });
      const seen = expectResult(outcome);
      assert.ok(!JSON.stringify(seen).includes(canary), `the canary leaked: ${JSON.stringify(seen)}`);
      await assertServesOthers(runner);
    });

    it('every escape route of the probe, /proc/self/environ included', async () => {
      const outcome = await runScript(runner, probeSource('inspect'), { tenant: 'snoop', codeId: 'probe', args: [{ secretPath: '/proc/self/environ', markerDir: markers }, 'pw'] });
      const report = expectResult(outcome);
      assert.ok(isProbeReport(report));
      assertContained(report, { secrets: [canary], markerDir: markers, hostPid: process.pid });
      await assertServesOthers(runner);
    });

    it('a canary in the host\'s initial environment stays hidden', async () => {
      const run = await spawnIsolatedHost(backend, probeSource('inspect'), [{ secretPath: '/proc/self/environ', markerDir: markers }, 'pw'],
        { env: { ...process.env, [canaryName]: canary } });
      assert.equal(run.code, 0, `the host did not finish: ${run.stderr}`);
      assert.ok(run.report, 'the host printed no report');
      const report = expectResult(run.report.hostile);
      assert.ok(isProbeReport(report));
      assertContained(report, { secrets: [canary], markerDir: markers, hostPid: run.report.pid });
      assertHostServedGood(run.report);
    });
  });
}
