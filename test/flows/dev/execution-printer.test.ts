import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeExecution, tapRunner } from '../../../src/flows/dev/index.ts';
import type { ScriptRunner } from '../../../src/extensibility/custom-db/index.ts';
import type { ExecutionLogRecord } from '../../../src/storage/index.ts';

const base = { tenant_id: 't1', id: 'log_1', created_at: '2026-01-15T09:41:07.123Z', logs: [{ level: 'log', message: 'hi' }] };

function fakeRunner(): ScriptRunner {
  const outcome = { kind: 'result', value: null, logs: [], logsTruncated: false, durationMs: 1, container: { id: 'c', cold: false, recycled: false } };
  return { run: async () => outcome } as unknown as ScriptRunner;
}

test('a script execution: script, connection, the user of the matching call, never the password', async () => {
  const runner = fakeRunner();
  const users = tapRunner(runner, 't1');
  await runner.run({ tenant: 't1', containerKey: 'con_1', codeId: 'legacy.login', codeVersion: '3', source: '', kind: 'script', args: ['ada@example.com', 'Passw0rd!'] });
  // Another tenant's call is not recorded.
  await runner.run({ tenant: 't2', containerKey: 'con_9', codeId: 'legacy.login', codeVersion: '1', source: '', kind: 'script', args: ['eve@example.com', 'x'] });
  const entry: ExecutionLogRecord = {
    ...base, type: 'custom-db:login', code_id: 'con_1', outcome: 'user-error', duration_ms: 118,
    details: { connection: 'legacy', script: 'login', error: { name: 'WrongUsernameOrPasswordError', message: 'Wrong email or password.' } },
  };
  const printed = describeExecution(entry, users);
  assert.deepEqual(printed, {
    time: base.created_at, what: 'login', name: 'legacy', user: 'ada@example.com', outcome: 'user-error', durationMs: 118,
    logs: base.logs, error: 'WrongUsernameOrPasswordError: Wrong email or password.',
  });
  assert.doesNotMatch(JSON.stringify(printed), /Passw0rd/);
  // Claimed once: a second entry for the same script has no user to show.
  assert.equal(describeExecution(entry, users).user, undefined);
});

test('an Action execution: trigger, Action name and version, the event user', async () => {
  const runner = fakeRunner();
  const users = tapRunner(runner, 't1');
  await runner.run({ tenant: 't1', containerKey: 'act_1:2', codeId: 'act_1', codeVersion: 'ver_2', source: '', kind: 'action', args: [{ event: { user: { user_id: 'auth0|1' } } }] });
  const entry: ExecutionLogRecord = {
    ...base, type: 'action:post-login', code_id: 'act_1', outcome: 'ok', duration_ms: 7,
    details: { trigger: 'post-login', action_name: 'add-plan-claim', version: 2, version_id: 'ver_2' },
  };
  assert.deepEqual(describeExecution(entry, users), {
    time: base.created_at, what: 'post-login', name: 'add-plan-claim v2', user: 'auth0|1', outcome: 'ok', durationMs: 7, logs: base.logs,
  });
});
