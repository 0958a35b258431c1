// A container runs a throw-away call through the real run path before it says `ready`. Nothing
// of it may be visible: not in the user's global, not in the container's state, not as a message
// to the host, and not in the logs of the first real call.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContainerMessage, RunMessage } from '../../../src/runtime/protocol.ts';
import { createSandbox } from '../../../src/runtime/container/sandbox.ts';
import { startRun } from '../../../src/runtime/container/start-run.ts';
import { flushSoon, type ContainerState } from '../../../src/runtime/container/state.ts';
import { warmUp } from '../../../src/runtime/container/warm-up.ts';

/** A container's state wired as serve.ts wires it, with the messages it sends recorded. */
function container(): { state: ContainerState; sent: ContainerMessage[] } {
  const sent: ContainerMessage[] = [];
  const state = {
    send: (message: ContainerMessage) => sent.push(message),
    scripts: new Map(),
    modules: new Map(),
    requires: new Map(),
    calls: new Map(),
    nextCall: 0,
  } as unknown as ContainerState;
  (state as { sandbox: ContainerState['sandbox'] }).sandbox = createSandbox({
    call: (_exec, _name, _args, done) => done(false, 'no capabilities here'),
    require: (exec, id) => exec.resolve(id),
    flushSoon: (exec) => flushSoon(state, exec),
    late: () => {},
  });
  return { state, sent };
}

function run(source: string, runId = 1): RunMessage {
  return {
    type: 'run', runId, kind: 'script', codeId: 'login', codeVersion: '1', source, args: ['a@example.com', 'pw'],
    configuration: { KEY: 'value' }, secrets: [], modulesDir: null, dependencies: {}, capabilities: [], logLimitChars: 256,
  };
}

// Every own property of the user's global (names and symbols), with what kind of thing it holds.
const globalsProbe = `function login(email, password, callback) {
  const describe = (key) => {
    const d = Object.getOwnPropertyDescriptor(globalThis, key);
    return String(key) + ':' + ('value' in d ? typeof d.value : 'accessor') + ':' + d.enumerable + d.writable + d.configurable;
  };
  callback(null, JSON.stringify(Reflect.ownKeys(globalThis).map(describe).sort()));
}`;

const turns = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

function done(sent: readonly ContainerMessage[]): Extract<ContainerMessage, { type: 'done' }> {
  const last = sent.find((m) => m.type === 'done');
  assert.ok(last && last.type === 'done', `no outcome among ${JSON.stringify(sent)}`);
  return last;
}

describe('container warm-up', () => {
  it('leaves the user\'s global exactly as a container that never warmed up', async () => {
    const warmed = container();
    const blank = container();
    const before = Object.getOwnPropertyDescriptors(warmed.state.sandbox.context);
    warmUp(warmed.state);
    await turns(3);
    const after = Object.getOwnPropertyDescriptors(warmed.state.sandbox.context);
    assert.deepEqual(Reflect.ownKeys(after), Reflect.ownKeys(before));
    for (const key of Reflect.ownKeys(before) as string[]) {
      assert.equal(after[key].value, before[key].value, `global ${String(key)} was replaced`);
      assert.equal(after[key].get, before[key].get, `global ${String(key)} was replaced`);
    }
    startRun(warmed.state, run(globalsProbe));
    startRun(blank.state, run(globalsProbe));
    await turns(2);
    const seen = (sent: ContainerMessage[]) => (done(sent).settled as { value: unknown }).value;
    assert.equal(seen(warmed.sent), seen(blank.sent));
    assert.doesNotMatch(String(seen(warmed.sent)), /warm/i);
  });

  it('sends nothing to the host and keeps nothing in the container\'s state', async () => {
    const { state, sent } = container();
    warmUp(state);
    // Its log line would be flushed on a later turn, and its Action settles on a microtask.
    await turns(3);
    assert.deepEqual(sent, []);
    assert.equal(state.scripts.size, 0);
    assert.equal(state.modules.size, 0);
    assert.equal(state.requires.size, 0);
    assert.equal(state.calls.size, 0);
  });

  it('gives the first real call only its own logs, its own configuration and its own outcome', async () => {
    const { state, sent } = container();
    warmUp(state);
    startRun(state, run(`function login(email, password, callback) {
      console.log('mine', email);
      callback(null, { email, configuration: configuration.KEY });
    }`, 7));
    await turns(3);
    assert.ok(sent.every((m) => 'runId' in m && m.runId === 7), JSON.stringify(sent));
    const outcome = done(sent);
    assert.deepEqual(outcome.lines, [{ level: 'log', message: 'mine a@example.com' }]);
    assert.equal(outcome.truncated, false);
    assert.equal(JSON.stringify((outcome.settled as { value: unknown }).value), JSON.stringify({ email: 'a@example.com', configuration: 'value' }));
  });
});
