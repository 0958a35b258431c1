import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Spawns the real CLI from the repository root: parsing, module install, runtime and output
// are all the ones a user gets. Allow-listed modules land in .gatehouse/modules (git-ignored).

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = 'test/fixtures/scripts';
const goodArgs = JSON.stringify(['jane@example.com', 's3cret']);

interface Ran { code: number | null; stdout: string; stderr: string }

function cli(...args: string[]): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['src/main.ts', 'run-script', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => { stdout += c; });
    child.stderr.setEncoding('utf8').on('data', (c: string) => { stderr += c; });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function jsonLines(out: string): any[] {
  return out.trim().split('\n').map((line) => JSON.parse(line));
}

for (const backend of ['worker', 'process']) {
  test(`${backend}: --repeat 3 --json reuses one container and its global, cold only the first time`, async () => {
    const ran = await cli(`${fixtures}/legacy-db`, '--script', 'login', '--args', goodArgs, '--configuration', '{"GREETING":"hi"}', '--repeat', '3', '--json', '--backend', backend);
    assert.equal(ran.code, 0, ran.stderr);
    const runs = jsonLines(ran.stdout);
    assert.equal(runs.length, 3);
    runs.forEach((run, i) => {
      assert.deepEqual(Object.keys(run).sort(), ['container', 'durationMs', 'kind', 'logs', 'ok', 'result']);
      assert.equal(run.ok, true);
      assert.equal(run.kind, 'result');
      assert.deepEqual(run.result, { user_id: 'legacy|42', email: 'jane@example.com', calls: i + 1, greeting: 'hi' });
      assert.deepEqual(run.logs, [{ level: 'log', message: `login call ${i + 1}` }]);
      assert.equal(typeof run.durationMs, 'number');
      assert.equal(run.container.cold, i === 0);
      assert.equal(run.container.recycled, false);
      assert.equal(run.container.id, runs[0].container.id);
    });
  });
}

test('a user error is a normal answer: exit 0, ok false, typed error', async () => {
  const ran = await cli(`${fixtures}/legacy-db`, '--script', 'login', '--args', '["jane@example.com","wrong"]', '--json');
  assert.equal(ran.code, 0, ran.stderr);
  const [run] = jsonLines(ran.stdout);
  assert.equal(run.ok, false);
  assert.equal(run.kind, 'user-error');
  assert.equal(run.error.name, 'WrongUsernameOrPasswordError');
  assert.equal(run.error.message, 'wrong password');
  assert.equal(typeof run.error.code, 'string');
  assert.equal('result' in run, false);
});

test('human output shows the result, the logs and the container', async () => {
  const ran = await cli(`${fixtures}/legacy-db`, '--script', 'login', '--args', goodArgs);
  assert.equal(ran.code, 0, ran.stderr);
  assert.match(ran.stdout, /^login · result · [\d.]+ ms · container \S+ \(cold\)$/m);
  assert.match(ran.stdout, /"user_id": "legacy\|42"/);
  assert.match(ran.stdout, /log\s+login call 1/);
});

test('a script file named after its script needs no --script; callback(null) is no result', async () => {
  const ran = await cli(`${fixtures}/legacy-db/get_user.js`, '--args', '["nobody@example.com"]', '--json');
  assert.equal(ran.code, 0, ran.stderr);
  const [run] = jsonLines(ran.stdout);
  assert.equal(run.kind, 'result');
  assert.equal(run.result, null);
});

test("a folder is a connection: a script gets the modules its sibling scripts require", async () => {
  const folder = await cli(`${fixtures}/legacy-db`, '--script', 'verify', '--args', '["jane@example.com"]', '--json');
  assert.equal(folder.code, 0, folder.stderr);
  assert.equal(jsonLines(folder.stdout)[0].result, true);
  const alone = await cli(`${fixtures}/legacy-db/verify.js`, '--args', '["jane@example.com"]', '--json');
  assert.equal(alone.code, 0, alone.stderr);
  const [run] = jsonLines(alone.stdout);
  assert.equal(run.kind, 'user-error');
  assert.match(run.error.message, /bcryptjs/);
});

test('a script that never calls back times out: exit 1', async () => {
  const ran = await cli(`${fixtures}/never-calls-back.js`, '--script', 'login', '--args', goodArgs, '--timeout-ms', '300', '--json');
  assert.equal(ran.code, 1, ran.stderr);
  const [run] = jsonLines(ran.stdout);
  assert.equal(run.ok, false);
  // The runtime says `callback-missing` when the script returned and nothing was left pending.
  const names: Record<string, string> = { timeout: 'TimeoutError', 'callback-missing': 'CallbackMissingError' };
  assert.ok(run.kind in names, run.kind);
  assert.equal(run.error.name, names[run.kind]);
  assert.deepEqual(run.logs, [{ level: 'log', message: 'waiting forever' }]);
  assert.match(ran.stderr, /^gatehouse: 1 of 1 run failed \(run 1: (timeout|callback-missing)\)$/m);
});

test('human output of a failed run names the failure; one failure among repeats still exits 1', async () => {
  const ran = await cli(`${fixtures}/never-calls-back.js`, '--script', 'login', '--args', goodArgs, '--timeout-ms', '300', '--repeat', '2');
  assert.equal(ran.code, 1, ran.stderr);
  assert.match(ran.stdout, /^login · run 1 of 2 · (timeout|callback-missing) · /m);
  assert.match(ran.stdout, /^login · run 2 of 2 · (timeout|callback-missing) · /m);
  assert.match(ran.stdout, /^(TimeoutError|CallbackMissingError): /m);
});

test('a script with a syntax error is rejected with its line: exit 1', async () => {
  const ran = await cli(`${fixtures}/bad-syntax.js`, '--script', 'login', '--args', goodArgs, '--json');
  assert.equal(ran.code, 1, ran.stderr);
  const [run] = jsonLines(ran.stdout);
  assert.equal(run.kind, 'rejected');
  assert.match(run.error.message, /line 2/);
});

for (const [what, args, expected] of [
  ['bad JSON in --args', [`${fixtures}/legacy-db`, '--script', 'login', '--args', '["jane@example.com","hunter2"'], /--args is not valid JSON/],
  ['--args not an array', [`${fixtures}/legacy-db`, '--script', 'login', '--args', '{"password":"hunter2"}'], /--args must be a JSON array/],
  ['missing --args', [`${fixtures}/legacy-db`, '--script', 'login'], /--args/],
  ['unknown --script', [`${fixtures}/legacy-db`, '--script', 'logon', '--args', '[]'], /logon.*login/],
  ['missing file', [`${fixtures}/nope.js`, '--script', 'login', '--args', '[]'], /no such file or folder: .*nope\.js/],
  ['folder without that script', [`${fixtures}/legacy-db`, '--script', 'delete', '--args', '[]'], /no delete\.js in/],
  ['folder without --script', [`${fixtures}/legacy-db`, '--args', '[]'], /--script is required/],
  ['--configuration with a non-string value', [`${fixtures}/legacy-db`, '--script', 'login', '--args', '[]', '--configuration', '{"PORT":5432}'], /"PORT" must be a string/],
  ['--repeat 0', [`${fixtures}/legacy-db`, '--script', 'login', '--args', '[]', '--repeat', '0'], /--repeat must be a positive integer/],
] as const) {
  test(`bad input (${what}) exits 2 with one clear line that never echoes the arguments`, async () => {
    const ran = await cli(...args);
    assert.equal(ran.code, 2, ran.stdout + ran.stderr);
    assert.equal(ran.stdout, '');
    // One line that says what is wrong; the program may add its "(run with --help …)" hint.
    const [first, ...rest] = ran.stderr.trim().split('\n');
    assert.match(first, /^gatehouse: /);
    assert.match(first, expected);
    assert.ok(rest.every((line) => /--help/.test(line)), ran.stderr);
    assert.doesNotMatch(ran.stderr, /hunter2/);
  });
}

test('--help explains the command with an example and exits 0', async () => {
  const ran = await cli('--help');
  assert.equal(ran.code, 0);
  assert.match(ran.stdout, /--repeat <n>/);
  assert.match(ran.stdout, /Examples:\n\s+\$ gatehouse run-script/);
});
