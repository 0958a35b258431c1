// The host's side of one container, against a scripted fake transport: every message from the
// container is parsed (a malformed one recycles it), replies are matched by runId, and a dead
// container fails its calls instead of leaving them hanging.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContainerTransport, ExitReason } from '../../src/runtime/backends/transport.ts';
import { createContainerClient, type Dispatch } from '../../src/runtime/container-client.ts';
import type { HostMessage } from '../../src/runtime/protocol.ts';
import { expectKind, expectResult, script } from './support.ts';

function fakeTransport() {
  const sent: HostMessage[] = [];
  let deliver: (message: unknown) => void = () => {};
  let exit: (reason: ExitReason) => void = () => {};
  let killed = 0;
  const transport: ContainerTransport = {
    id: 'fake-1',
    send: (message) => void sent.push(message),
    onMessage: (handler) => (deliver = handler),
    onExit: (handler) => (exit = handler),
    kill: async () => {
      killed += 1;
      exit({ kind: 'crash', message: 'container terminated' });
    },
    setActive: () => {},
  };
  return { transport, sent, deliver: (m: unknown) => deliver(m), exit: (r: ExitReason) => exit(r), killed: () => killed };
}

function dispatch(overrides: Partial<Dispatch> = {}): Dispatch {
  return { request: script('function login(cb) { cb(null, 1); }'), timeoutMs: 60_000, logLimitChars: 256, secrets: ['s3cret'], modulesDir: null, cold: false, fromSpare: false, startedAt: performance.now(), ...overrides };
}

async function started() {
  const fake = fakeTransport();
  const client = createContainerClient(fake.transport);
  fake.deliver({ type: 'ready' });
  assert.equal(await client.ready, true);
  return { fake, client };
}

/** The runId of the next run message the client sends (the n-th, counting from 1). */
async function runId(fake: ReturnType<typeof fakeTransport>, nth = 1): Promise<number> {
  while (fake.sent.length < nth) await new Promise((resolve) => setImmediate(resolve));
  const message = fake.sent[nth - 1];
  assert.equal(message.type, 'run');
  return message.runId;
}

describe('container client', () => {
  it('credits a reply only to the run whose runId it carries', async () => {
    const { fake, client } = await started();
    const pending = client.run(dispatch());
    const id = await runId(fake);
    fake.deliver({ type: 'done', runId: id + 100, settled: { kind: 'result', value: 'stale' }, lines: [], truncated: false });
    fake.deliver({ type: 'done', runId: id, settled: { kind: 'result', value: 'mine' }, lines: [], truncated: false });
    assert.equal(expectResult(await pending), 'mine');
    assert.equal(client.alive, true);
  });

  it('recycles the container on a malformed message and fails its calls as crash', async () => {
    const { fake, client } = await started();
    const pending = client.run(dispatch());
    await runId(fake);
    fake.deliver({ type: 'done', runId: 'not-a-number', settled: { kind: 'result' } });
    const outcome = expectKind(await pending, 'crash');
    assert.match(outcome.message, /malformed message/);
    assert.equal(outcome.container.recycled, true);
    assert.equal(fake.killed(), 1);
    assert.equal(client.alive, false);
  });

  it('masks secrets again in what the container sends, and applies the log cap again', async () => {
    const { fake, client } = await started();
    const pending = client.run(dispatch({ logLimitChars: 10 }));
    const id = await runId(fake);
    fake.deliver({ type: 'log', runId: id, lines: [{ level: 'log', message: 'pw=s3cret' }], truncated: false });
    fake.deliver({ type: 'done', runId: id, settled: { kind: 'user-error', error: { name: 'Error', message: 'bad s3cret' } }, lines: [{ level: 'log', message: 'more and more' }], truncated: false });
    const outcome = expectKind(await pending, 'user-error');
    assert.equal(outcome.error.message, 'bad ****');
    assert.deepEqual(outcome.logs, [{ level: 'log', message: 'pw=****' }, { level: 'log', message: 'mor…[truncated]' }]);
    assert.equal(outcome.logsTruncated, true);
  });

  it('ends the calls of a container that dies as out-of-memory', async () => {
    const { fake, client } = await started();
    const pending = client.run(dispatch());
    await runId(fake);
    fake.exit({ kind: 'out-of-memory', message: 'container exceeded its heap limit (32 MiB)' });
    const outcome = expectKind(await pending, 'out-of-memory');
    assert.equal(outcome.container.recycled, true);
  });

  it('sends a version\'s source once per container', async () => {
    const { fake, client } = await started();
    for (let i = 0; i < 2; i++) {
      const pending = client.run(dispatch());
      const id = await runId(fake, i + 1);
      fake.deliver({ type: 'done', runId: id, settled: { kind: 'result', value: i }, lines: [], truncated: false });
      assert.equal(expectResult(await pending), i);
    }
    const runs = fake.sent.filter((m) => m.type === 'run');
    assert.equal(runs.length, 2);
    assert.equal(typeof runs[0].source, 'string');
    assert.equal(runs[1].source, undefined);
  });
});
