// The Gatehouse SQLite database sits beside the host process; a script must not read it by any
// route (SPEC.md §2: no backend may let user code reach the host's database). A real SQLite file
// with a secret row stands for it.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { assertServesOthers, backends, expectKind, expectResult, runScript, show, startRunner } from '../../helpers/runtime.ts';
import type { TestRunner } from '../../helpers/runtime.ts';
import { assertContained, isProbeReport, markerDir } from './support/contained.ts';
import { probeSource } from './support/probe.ts';
import { assertHostSurvived, spawnIsolatedHost } from './support/spawn-host.ts';

const secret = `signing-key-${randomUUID()}`;

const direct = (dbPath: string): Record<string, string> => ({
  'node:sqlite': `function login(e, p, callback) { var s = require("node:sqlite"); var db = new s.DatabaseSync(${JSON.stringify(dbPath)}); callback(null, db.prepare("select * from keys").all()); }`,
  'fs.readFileSync': `function login(e, p, callback) { callback(null, require("fs").readFileSync(${JSON.stringify(dbPath)}, "latin1")); }`,
  'fs.createReadStream': `function login(e, p, callback) { var out = ""; require("fs").createReadStream(${JSON.stringify(dbPath)}, "latin1").on("data", function (c) { out += c; }).on("end", function () { callback(null, out); }).on("error", function (err) { callback(err); }); }`,
  'require(db file)': `function login(e, p, callback) { callback(null, require(${JSON.stringify(dbPath)})); }`,
  'fs.readdirSync of the data folder': `function login(e, p, callback) { callback(null, require("fs").readdirSync(${JSON.stringify(join(dbPath, '..'))})); }`,
});

// A running server holds its database open. From inside the host process, a socket built on an
// inherited file descriptor would read (and could write) the host's database connection.
const fdThief = `function login(input, p, callback) {
  var opened = [], reads = [], net;
  try { net = require("net"); } catch (e) { return callback(null, { opened: opened, reads: reads, refused: String(e.message) }); }
  for (var fd = 0; fd < 128; fd++) {
    try {
      var s = new net.Socket({ fd: fd, readable: true, writable: false });
      opened.push(fd);
      (function (fd, s) {
        s.on("data", function (d) { if (reads.length < 50) reads.push(fd + ":" + String(d).slice(0, 200)); });
        s.on("error", function () {});
      })(fd, s);
    } catch (e) {}
  }
  setTimeout(function () { callback(null, { opened: opened, reads: reads }); }, 300);
}`;

for (const backend of backends()) {
  describe(`reads the Gatehouse database [${backend}]`, () => {
    let runner: TestRunner;
    let dataDir: string;
    let dbPath: string;
    let markers: string;
    before(() => {
      dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-data-'));
      dbPath = join(dataDir, 'gatehouse.sqlite');
      const db = new DatabaseSync(dbPath);
      db.exec('create table keys (kid text, private_jwk text)');
      db.prepare('insert into keys values (?, ?)').run('k1', secret);
      db.close();
      markers = markerDir();
      runner = startRunner(backend, { timeoutMs: 10_000 });
    });
    after(async () => {
      await runner.dispose();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(markers, { recursive: true, force: true });
    });

    it('direct routes fail without showing the content', async () => {
      for (const [route, source] of Object.entries(direct(dbPath))) {
        const outcome = await runScript(runner, source, { tenant: 'snoop', codeId: route, args: ['a', 'b'] });
        assert.notEqual(outcome.kind, 'result', `${route} succeeded: ${show(outcome)}`);
        const text = JSON.stringify(outcome);
        assert.ok(!text.includes(secret) && !text.includes('gatehouse.sqlite"'), `${route} leaked: ${show(outcome)}`);
      }
      await assertServesOthers(runner);
    });

    it('the host\'s open database socket cannot be taken over by file descriptor', async () => {
      const report = assertHostSurvived(await spawnIsolatedHost(backend, fdThief, ['a', 'b'], { handles: { dbPath, secret } }));
      assert.ok(report.socketFd !== null, 'the host has no database socket to protect');
      // The script may wreck its own process's descriptors (the worker host's or the container's
      // child process: neither holds the host's); it must neither read the host's socket nor take
      // the host down.
      const hostile = expectKind(report.hostile, 'result', 'crash');
      if (hostile.kind === 'result') {
        const seen = hostile.value as { opened: number[]; reads: string[] };
        assert.ok(!JSON.stringify(seen).includes(secret), `the script read the database socket: ${JSON.stringify(seen.reads)}`);
      }
    });

    it('every escape route of the probe', async () => {
      const outcome = await runScript(runner, probeSource('inspect'), { tenant: 'snoop', codeId: 'probe', args: [{ secretPath: dbPath, markerDir: markers }, 'pw'] });
      const report = expectResult(outcome);
      assert.ok(isProbeReport(report));
      assertContained(report, { secrets: [secret], markerDir: markers, hostPid: process.pid });
      await assertServesOthers(runner);
    });
  });
}
