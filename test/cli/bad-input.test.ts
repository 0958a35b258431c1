import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGatehouse } from './spawn.ts';

const dir = await mkdtemp(join(tmpdir(), 'gh-bad-'));
after(() => rm(dir, { recursive: true, force: true }));
const db = `sqlite:${join(dir, 'gh.db')}`;

/** One line on stderr, starting "gatehouse:", with no stack trace and nothing on stdout. */
function assertOneLine(result: { stdout: string; stderr: string }): string {
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `expected one line, got:\n${result.stderr}`);
  assert.match(lines[0], /^gatehouse: /);
  assert.doesNotMatch(result.stderr, /\n\s+at |\.ts:\d+/, 'no stack trace');
  return lines[0];
}

describe('bad input exits with status 2 and one line naming the setting', () => {
  test('--port abc', async () => {
    const result = await runGatehouse(['start', '--port', 'abc', '--db', db]);
    assert.equal(result.status, 2);
    assert.equal(assertOneLine(result), 'gatehouse: invalid setting "port" (from --port): expected an integer 1–65535, got "abc"');
  });

  test('an unknown --db scheme, without echoing its password', async () => {
    const result = await runGatehouse(['tenant', 'list', '--db', 'mysql://root:hunter2@127.0.0.1:3306/gh']);
    assert.equal(result.status, 2);
    assert.match(assertOneLine(result), /^gatehouse: invalid setting "db" \(from --db\): expected sqlite:PATH or postgres:\/\//);
    assert.ok(!result.stderr.includes('hunter2'));
  });

  test('a bad GATEHOUSE_PORT names the variable', async () => {
    const result = await runGatehouse(['start', '--db', db], { env: { GATEHOUSE_PORT: '99999' } });
    assert.equal(result.status, 2);
    assert.match(assertOneLine(result), /"port" \(from GATEHOUSE_PORT\)/);
  });

  test('a config file that is not valid YAML or JSON', async () => {
    const yaml = join(dir, 'broken.yaml');
    await writeFile(yaml, 'port: [3000\nhost: {\n');
    const result = await runGatehouse(['start', '--config', yaml, '--db', db]);
    assert.equal(result.status, 2);
    assert.match(assertOneLine(result), /^gatehouse: invalid setting "config": .*broken\.yaml is not valid YAML/);
    const json = join(dir, 'broken.json');
    await writeFile(json, '{"port": 3000,,}');
    const viaEnv = await runGatehouse(['migrate', '--db', db], { env: { GATEHOUSE_CONFIG: json } });
    assert.equal(viaEnv.status, 2);
    assert.match(assertOneLine(viaEnv), /broken\.json is not valid JSON/);
  });

  test('an unknown key in the config file', async () => {
    const file = join(dir, 'typo.yaml');
    await writeFile(file, 'prot: 3000\n');
    const result = await runGatehouse(['start', '--config', file, '--db', db]);
    assert.equal(result.status, 2);
    assert.match(assertOneLine(result), /invalid setting "prot" \(from typo\.yaml\): unknown setting/);
  });

  test('an unknown option or command', async () => {
    const option = await runGatehouse(['start', '--prot', '3000']);
    assert.equal(option.status, 2);
    assert.match(option.stderr, /^gatehouse: unknown option '--prot'/);
    const command = await runGatehouse(['strat']);
    assert.equal(command.status, 2);
    assert.match(command.stderr, /^gatehouse: unknown command 'strat'/);
  });
});

describe('failures while running exit with status 1 and one line', () => {
  test('PostgreSQL unreachable: names host and port, never the password', async () => {
    for (const args of [['start'], ['migrate'], ['tenant', 'list']]) {
      const result = await runGatehouse([...args, '--db', 'postgres://gatehouse:pw-Zq81x@127.0.0.1:1/gatehouse']);
      assert.equal(result.status, 1, `${args.join(' ')}: ${result.stderr}`);
      const line = assertOneLine(result);
      assert.match(line, /127\.0\.0\.1:1\b/);
      assert.ok(!result.stderr.includes('pw-Zq81x') && !result.stdout.includes('pw-Zq81x'), 'the password is not printed');
    }
  });

  test('a SQLite path that is not a database', async () => {
    const notDb = join(dir, 'not-a-db.db');
    await writeFile(notDb, 'this is a text file, not SQLite '.repeat(200));
    const result = await runGatehouse(['tenant', 'list', '--db', `sqlite:${notDb}`]);
    assert.equal(result.status, 1);
    assertOneLine(result);
  });
});

describe('help', () => {
  for (const args of [[], ['start'], ['migrate'], ['tenant'], ['tenant', 'create'], ['tenant', 'list']]) {
    test(`gatehouse ${args.join(' ')} --help shows usage and an example, status 0`, async () => {
      const result = await runGatehouse([...args, '--help']);
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /^Usage: gatehouse/m);
      if (args[0] !== 'tenant' || args.length > 1) assert.match(result.stdout, /Examples:\n\s+\$ gatehouse /);
    });
  }
});
