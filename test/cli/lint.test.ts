import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WriteStream } from 'node:tty';
import { formatReport, type LintReport } from '../../src/cli/lint.ts';
import { painter } from '../../src/cli/paint.ts';
import { runGatehouse } from './spawn.ts';

// The real `gatehouse lint` in a child process on files written here: exit codes, the
// `file:line:col severity rule message` lines, --json, --fix, and bad input.

const cleanAction = `exports.onExecutePostLogin = async (event, api) => {
  if (event.user.app_metadata.plan === 'pro') api.idToken.setCustomClaim('plan', 'pro');
};
`;
const badAction = `exports.onExecutePostLogin = async (event, api) => {
  if (event.user.app_metadata.plan == 'pro') api.idToken.setCustomClaim('plan', 'pro');
  console.log('login of', event.user.email);
};
`;
const anonymousScript = `function (email, password, callback) {
  return callback(null, { user_id: email });
}
`;

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-lint-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

test('clean files: exit 0 and a summary', async (t) => {
  const dir = await folder({ 'actions/plan/code.js': cleanAction });
  t.after(() => rm(dir, { recursive: true, force: true }));
  const ran = await runGatehouse(['lint', dir]);
  assert.equal(ran.status, 0, ran.stderr);
  assert.match(ran.stdout, /1 file checked, no problems/);
});

test('errors: exit 1, one line per finding with file:line:col, severity, rule and a fix hint', async (t) => {
  const dir = await folder({ 'actions/plan/code.js': badAction, 'actions/ok/code.js': cleanAction });
  t.after(() => rm(dir, { recursive: true, force: true }));
  const ran = await runGatehouse(['lint', dir], { cwd: dir });
  assert.equal(ran.status, 1, ran.stderr);
  const lines = ran.stdout.trim().split('\n');
  assert.match(lines[0], /^actions\/plan\/code\.js:2:36 {2}error {2}gatehouse\/strict-equality {2}Use '===' instead of '=='/);
  assert.match(lines[1], /^actions\/plan\/code\.js:3:27 {2}error {2}gatehouse\/no-pii-in-logs {2}Don't log event\.user\.email/);
  assert.equal(lines[2], '2 files checked: 2 errors, 0 warnings');
  assert.match(ran.stderr, /^gatehouse: 2 errors found$/m);
  // Not a terminal: no escape codes.
  assert.equal(ran.stdout.includes('\u001b['), false);
});

test('--json: one report object', async (t) => {
  const dir = await folder({ 'login.js': anonymousScript, 'code.js': badAction });
  t.after(() => rm(dir, { recursive: true, force: true }));
  const ran = await runGatehouse(['lint', join(dir, 'login.js'), join(dir, 'code.js'), '--json'], { cwd: dir });
  assert.equal(ran.status, 1, ran.stderr);
  const report = JSON.parse(ran.stdout);
  assert.equal(report.ok, false);
  assert.equal(report.files, 2);
  assert.equal(report.errors, 2);
  assert.equal(report.warnings, 1);
  assert.deepEqual(report.findings.map((f: { file: string; rule: string; severity: string; line: number; column: number }) => [f.file, f.line, f.column, f.severity, f.rule]), [
    // The anonymous script parses (the plugin's processor) and its position maps back to the file.
    ['login.js', 1, 1, 'warning', 'gatehouse/no-anonymous-script'],
    ['code.js', 2, 36, 'error', 'gatehouse/strict-equality'],
    ['code.js', 3, 27, 'error', 'gatehouse/no-pii-in-logs'],
  ]);
});

test('only warnings: exit 0; --fix names an anonymous script after its file', async (t) => {
  const dir = await folder({ 'database-connections/legacy/login.js': anonymousScript });
  t.after(() => rm(dir, { recursive: true, force: true }));
  const before = await runGatehouse(['lint', dir]);
  assert.equal(before.status, 0, before.stderr);
  assert.match(before.stdout, /1 file checked: 0 errors, 1 warning/);
  const fixed = await runGatehouse(['lint', dir, '--fix']);
  assert.equal(fixed.status, 0, fixed.stderr);
  assert.match(fixed.stdout, /no problems/);
  assert.equal(await readFile(join(dir, 'database-connections/legacy/login.js'), 'utf8'), anonymousScript.replace('function (', 'function login('));
});

test('a file that does not parse is an error finding', async (t) => {
  const dir = await folder({ 'code.js': 'exports.onExecutePostLogin = async (event, api) => {\n  if (\n};\n' });
  t.after(() => rm(dir, { recursive: true, force: true }));
  const ran = await runGatehouse(['lint', dir, '--json']);
  assert.equal(ran.status, 1, ran.stderr);
  const report = JSON.parse(ran.stdout);
  assert.equal(report.findings[0].rule, 'parse-error');
  assert.equal(report.findings[0].line, 3);
});

test('bad input exits 2 with one line: a missing path, a folder without .js files, no path', async (t) => {
  const empty = await folder({ 'tenant.json': '{}' });
  t.after(() => rm(empty, { recursive: true, force: true }));
  const missing = await runGatehouse(['lint', join(empty, 'nope')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^gatehouse: no such file or folder: .*nope\n/);
  const nothing = await runGatehouse(['lint', empty]);
  assert.equal(nothing.status, 2);
  assert.match(nothing.stderr, /^gatehouse: no \.js files in /);
  const none = await runGatehouse(['lint']);
  assert.equal(none.status, 2);
});

test('the example tenant lints clean', async () => {
  const ran = await runGatehouse(['lint', 'examples/legacy-postgres'], { cwd: new URL('../../', import.meta.url).pathname });
  assert.equal(ran.status, 0, ran.stdout + ran.stderr);
  assert.match(ran.stdout, /7 files checked, no problems/);
});

test('--help shows an example', async () => {
  const ran = await runGatehouse(['lint', '--help']);
  assert.equal(ran.status, 0);
  assert.match(ran.stdout, /\$ gatehouse lint \.\/tenant/);
});

test('colours only on a terminal, and never with NO_COLOR', () => {
  const report: LintReport = { ok: false, files: 1, errors: 1, warnings: 0, findings: [{ file: 'a.js', line: 1, column: 2, severity: 'error', rule: 'gatehouse/https-only', message: 'm' }] };
  // A terminal as node:tty makes one: its colour depth reads NO_COLOR, TERM and friends.
  const tty = Object.assign(Object.create(process.stdout) as NodeJS.WriteStream, { isTTY: true, getColorDepth: WriteStream.prototype.getColorDepth, hasColors: WriteStream.prototype.hasColors });
  const notTty = Object.assign(Object.create(process.stdout) as NodeJS.WriteStream, { isTTY: false });
  // CI is saved and cleared too: under CI=true node:tty reports a 2-colour terminal (no styling).
  const saved = { NO_COLOR: process.env.NO_COLOR, FORCE_COLOR: process.env.FORCE_COLOR, NODE_DISABLE_COLORS: process.env.NODE_DISABLE_COLORS, TERM: process.env.TERM, CI: process.env.CI };
  try {
    delete process.env.NO_COLOR; delete process.env.FORCE_COLOR; delete process.env.NODE_DISABLE_COLORS; delete process.env.CI; process.env.TERM = 'xterm-256color';
    const escape = '\u001b[';
    assert.equal(formatReport(report, painter(tty)).join('\n').includes(escape), true);
    assert.equal(formatReport(report, painter(notTty)).join('\n').includes(escape), false);
    process.env.NO_COLOR = '1';
    assert.equal(formatReport(report, painter(tty)).join('\n').includes(escape), false);
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
});
