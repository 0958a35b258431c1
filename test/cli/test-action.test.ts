import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGatehouse } from './spawn.ts';

// The real `gatehouse test-action` in a child process: the Action runs in the runtime, the
// api calls come back in order, and exit codes tell a finished handler from a failed one.

const consent = `exports.onExecutePostLogin = async (event, api) => {
  console.log('plan', event.user.app_metadata.plan, 'key', event.secrets.API_KEY);
  api.idToken.setCustomClaim('https://example.com/plan', event.user.app_metadata.plan);
  api.accessToken.setCustomClaim('https://example.com/email', event.user.email);
  if (event.request.query.consent !== 'yes') {
    api.redirect.sendUserTo('https://consent.example.com/form', { query: { uid: event.user.user_id } });
  }
};
exports.onContinuePostLogin = async (event, api) => {
  api.accessToken.setCustomClaim('consent', event.request.query.consent);
};
`;

async function workspace(t: { after(fn: () => Promise<void>): void }, files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-ta-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

test('post-login with the default event: api calls in order, the redirect, masked secret logs', async (t) => {
  const dir = await workspace(t, { 'code.js': consent });
  const ran = await runGatehouse(['test-action', join(dir, 'code.js'), '--trigger', 'post-login', '--secrets', 'API_KEY=sup3r-s3cret-value']);
  assert.equal(ran.status, 0, ran.stderr);
  const lines = ran.stdout.split('\n');
  assert.match(lines[0], /^post-login · redirect · \d+\.\d ms$/);
  assert.equal(lines[1], 'api calls:');
  assert.equal(lines[2], '  1. idToken.setCustomClaim("https://example.com/plan", "free")');
  assert.equal(lines[3], '  2. accessToken.setCustomClaim("https://example.com/email", "jane.doe@example.com")');
  assert.match(lines[4], /^ {2}3\. redirect\.sendUserTo\("https:\/\/consent\.example\.com\/form", /);
  assert.match(ran.stdout, /^redirect: https:\/\/consent\.example\.com\/form\?uid=auth0%7C/m);
  assert.match(ran.stdout, /^ {2}log {3}plan free key \*+$/m);
  assert.doesNotMatch(ran.stdout + ran.stderr, /sup3r-s3cret-value/);
});

test('--json: ok, commands, logs, durationMs, redirect; --continue-query runs onContinuePostLogin', async (t) => {
  const dir = await workspace(t, { 'code.js': consent });
  const first = await runGatehouse(['test-action', join(dir, 'code.js'), '--trigger', 'post-login', '--json']);
  assert.equal(first.status, 0, first.stderr);
  const json = JSON.parse(first.stdout);
  assert.deepEqual(Object.keys(json).sort(), ['commands', 'durationMs', 'logs', 'ok', 'redirect']);
  assert.equal(json.ok, true);
  assert.deepEqual(json.commands.map((c: { api: string }) => c.api), ['idToken.setCustomClaim', 'accessToken.setCustomClaim', 'redirect.sendUserTo']);
  assert.equal(json.redirect.url, 'https://consent.example.com/form');
  assert.equal(typeof json.durationMs, 'number');

  const cont = await runGatehouse(['test-action', join(dir, 'code.js'), '--trigger', 'post-login', '--json', '--continue-query', '{"state":"abc","consent":"yes"}']);
  assert.equal(cont.status, 0, cont.stderr);
  assert.deepEqual(JSON.parse(cont.stdout).commands, [{ api: 'accessToken.setCustomClaim', args: ['consent', 'yes'] }]);
});

test('--event replaces the default event', async (t) => {
  const dir = await workspace(t, {
    'code.js': consent,
    'event.json': JSON.stringify({ user: { user_id: 'auth0|1', email: 'x@corp.example', app_metadata: { plan: 'enterprise' } }, request: { query: { consent: 'yes' } } }),
  });
  const ran = await runGatehouse(['test-action', join(dir, 'code.js'), '--trigger', 'post-login', '--event', join(dir, 'event.json'), '--json']);
  assert.equal(ran.status, 0, ran.stderr);
  assert.deepEqual(JSON.parse(ran.stdout).commands, [
    { api: 'idToken.setCustomClaim', args: ['https://example.com/plan', 'enterprise'] },
    { api: 'accessToken.setCustomClaim', args: ['https://example.com/email', 'x@corp.example'] },
  ]);
});

test('a deny is an answer (exit 0); a throw is a failure (exit 1) with the error', async (t) => {
  const dir = await workspace(t, {
    'deny.js': "exports.onExecutePostLogin = async (event, api) => { api.access.deny('not today'); };",
    'throw.js': "exports.onExecutePostLogin = async (event, api) => { console.log('about to fail'); throw new Error('upstream down'); };",
  });
  const deny = await runGatehouse(['test-action', join(dir, 'deny.js'), '--trigger', 'post-login']);
  assert.equal(deny.status, 0, deny.stderr);
  assert.match(deny.stdout, /^post-login · denied · /);
  assert.match(deny.stdout, /1\. access\.deny\("not today"\)/);

  const thrown = await runGatehouse(['test-action', join(dir, 'throw.js'), '--trigger', 'post-login', '--json']);
  assert.equal(thrown.status, 1);
  const json = JSON.parse(thrown.stdout);
  assert.equal(json.ok, false);
  assert.match(json.error, /upstream down/);
  assert.deepEqual(json.logs, [{ level: 'log', message: 'about to fail' }]);
  assert.match(thrown.stderr, /^gatehouse: the Action failed: .*upstream down/m);
});

const handlers: Record<string, string> = {
  'post-login': 'onExecutePostLogin',
  'credentials-exchange': 'onExecuteCredentialsExchange',
  'pre-user-registration': 'onExecutePreUserRegistration',
  'post-user-registration': 'onExecutePostUserRegistration',
  'post-change-password': 'onExecutePostChangePassword',
  'send-phone-message': 'onExecuteSendPhoneMessage',
};

test('every trigger has a realistic default event', async (t) => {
  const expected: Record<string, string[]> = {
    'post-login': ['user', 'request', 'client', 'connection', 'transaction', 'authentication', 'stats'],
    'credentials-exchange': ['client', 'request', 'resource_server', 'accessToken', 'transaction'],
    'pre-user-registration': ['user', 'request', 'client', 'connection'],
    'post-user-registration': ['user', 'request', 'connection'],
    'post-change-password': ['user', 'request', 'connection'],
    'send-phone-message': ['user', 'client', 'message_options'],
  };
  for (const [trigger, handler] of Object.entries(handlers)) {
    const dir = await workspace(t, { 'code.js': `exports.${handler} = async (event) => { console.log(Object.keys(event).filter((k) => ${JSON.stringify(expected[trigger])}.includes(k)).length); };` });
    const ran = await runGatehouse(['test-action', join(dir, 'code.js'), '--trigger', trigger, '--json']);
    assert.equal(ran.status, 0, `${trigger}: ${ran.stderr}`);
    const json = JSON.parse(ran.stdout);
    assert.equal(json.ok, true, `${trigger}: ${json.error}`);
    assert.deepEqual(json.logs, [{ level: 'log', message: String(expected[trigger].length) }], trigger);
  }
});

test('bad input exits 2 with one line', async (t) => {
  const dir = await workspace(t, { 'code.js': consent, 'broken.js': 'exports.onExecutePostLogin = async (event, api) => {', 'bad.json': '{"user": ' });
  const cases: Array<[string[], RegExp]> = [
    [['test-action', join(dir, 'missing.js'), '--trigger', 'post-login'], /no such file/],
    [['test-action', join(dir, 'code.js'), '--trigger', 'post-signup'], /post-signup/],
    [['test-action', join(dir, 'code.js')], /--trigger/],
    [['test-action', join(dir, 'code.js'), '--trigger', 'post-login', '--event', join(dir, 'bad.json')], /not valid JSON/],
    [['test-action', join(dir, 'code.js'), '--trigger', 'credentials-exchange', '--continue-query', '{}'], /post-login trigger only/],
    [['test-action', join(dir, 'code.js'), '--trigger', 'post-login', '--continue-query', '[1]'], /must be a JSON object/],
    [['test-action', join(dir, 'broken.js'), '--trigger', 'post-login'], /broken\.js: /],
  ];
  for (const [args, message] of cases) {
    const ran = await runGatehouse(args);
    assert.equal(ran.status, 2, `${args.join(' ')}: ${ran.stderr}`);
    assert.match(ran.stderr, message);
  }
});
