// Checks a probe report (probe.ts) and the file system for any sign that an escape worked.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProbeReport } from './probe.ts';

export function markerDir(): string {
  return mkdtempSync(join(tmpdir(), 'gatehouse-escape-markers-'));
}

export interface Containment {
  /** Strings that would only appear in the report if the script read what it must not. */
  readonly secrets: readonly string[];
  readonly markerDir: string;
  /** Pid of the process running the runner: a script must never hold its `process`. */
  readonly hostPid: number;
}

export function assertContained(report: ProbeReport, expected: Containment): void {
  const text = JSON.stringify(report);
  for (const secret of expected.secrets) {
    const at = text.indexOf(secret);
    assert.equal(at, -1, `the script saw a secret: …${text.slice(Math.max(0, at - 300), at + 60)}…`);
  }
  const written = readdirSync(expected.markerDir);
  assert.deepEqual(written, [], `the script wrote files or ran commands: ${written.join(', ')} (actions: ${report.actions.filter((a) => !a.includes(' threw ')).join('; ')})`);
  const host = report.pids.filter((p) => p.pid === expected.hostPid);
  assert.deepEqual(host, [], `the script reached the host process through: ${host.map((p) => p.route).join(', ')}`);
  assert.deepEqual(report.reads, [], `the script read files: ${report.reads.map((r) => r.route).join(', ')}`);
}

export function isProbeReport(value: unknown): value is ProbeReport {
  return typeof value === 'object' && value !== null && 'routes' in value && 'reads' in value && 'pids' in value;
}
