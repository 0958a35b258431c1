// A script must not read files of the machine (SPEC.md §2 "isolation"): /etc/passwd stands for
// all of them. Direct reads and every escape route of the probe are tried.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { assertServesOthers, backends, runScript, expectResult, show, startRunner } from '../../helpers/runtime.ts';
import type { TestRunner } from '../../helpers/runtime.ts';
import { assertContained, isProbeReport, markerDir } from './support/contained.ts';
import { probeSource } from './support/probe.ts';

const passwd = '/etc/passwd';
// The first line ("root:x:0:0:…") is what any successful read would carry.
const firstLine = readFileSync(passwd, 'utf8').split('\n')[0];

const direct: Record<string, string> = {
  'require(fs).readFileSync': 'function login(e, p, callback) { callback(null, require("fs").readFileSync("/etc/passwd", "utf8")); }',
  'require(node:fs/promises)': 'async function login(e, p, callback) { callback(null, await require("node:fs/promises").readFile("/etc/passwd", "utf8")); }',
  'require(/etc/passwd)': 'function login(e, p, callback) { callback(null, require("/etc/passwd")); }',
  'import(fs)': 'async function login(e, p, callback) { var fs = await import("fs"); callback(null, fs.readFileSync("/etc/passwd", "utf8")); }',
  'fetch(file:)': 'async function login(e, p, callback) { callback(null, await (await fetch("file:///etc/passwd")).text()); }',
};

for (const backend of backends()) {
  describe(`reads /etc/passwd [${backend}]`, () => {
    let runner: TestRunner;
    let markers: string;
    before(() => { runner = startRunner(backend, { timeoutMs: 10_000 }); markers = markerDir(); });
    after(async () => { await runner.dispose(); rmSync(markers, { recursive: true, force: true }); });

    for (const [route, source] of Object.entries(direct)) {
      it(`${route}: the content never reaches the script`, async () => {
        const outcome = await runScript(runner, source, { tenant: 'snoop', codeId: route, args: ['a', 'b'] });
        assert.notEqual(outcome.kind, 'result', `the read succeeded: ${show(outcome)}`);
        assert.ok(!JSON.stringify(outcome).includes(firstLine), `the content leaked: ${show(outcome)}`);
        await assertServesOthers(runner);
      });
    }

    it('every escape route of the probe', async () => {
      const outcome = await runScript(runner, probeSource('inspect'), { tenant: 'snoop', codeId: 'probe', args: [{ secretPath: passwd, markerDir: markers }, 'pw'] });
      const report = expectResult(outcome);
      assert.ok(isProbeReport(report));
      assertContained(report, { secrets: [firstLine], markerDir: markers, hostPid: process.pid });
      await assertServesOthers(runner);
    });
  });
}
