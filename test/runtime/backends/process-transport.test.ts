// The process transport forks its child on the next turn: the pool starts a replacement spare
// from inside the call that just ended, and a synchronous fork (milliseconds of the host's main
// thread) would hold that call's outcome back.
import assert from 'node:assert/strict';
import dc from 'node:diagnostics_channel';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startProcessTransport } from '../../../src/runtime/backends/process/process-transport.ts';
import type { ExitReason } from '../../../src/runtime/backends/transport.ts';

const moduleCacheDir = mkdtempSync(join(tmpdir(), 'gatehouse-process-transport-'));
after(() => rmSync(moduleCacheDir, { recursive: true, force: true }));

/** Counts the child processes this process creates until `stop()`. */
function countForks(): { readonly count: number; stop(): void } {
  let count = 0;
  const onFork = (): void => {
    count += 1;
  };
  dc.subscribe('child_process', onFork);
  return {
    get count() {
      return count;
    },
    stop: () => dc.unsubscribe('child_process', onFork),
  };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('process transport', () => {
  it('forks the child after the current turn, then the child says ready', async () => {
    const forks = countForks();
    try {
      const transport = startProcessTransport({ id: 'p-1', heapMb: 64, moduleCacheDir });
      const ready = new Promise<unknown>((resolve) => transport.onMessage(resolve));
      const exits: ExitReason[] = [];
      transport.onExit((reason) => exits.push(reason));
      assert.equal(forks.count, 0, 'no child may be forked inside the caller\'s turn');
      assert.throws(() => transport.send({ type: 'capability-result', runId: 1, callId: 1, ok: false, message: 'x' }), /container is gone/);
      assert.deepEqual(await ready, { type: 'ready' });
      assert.equal(forks.count, 1);
      await transport.kill();
      assert.deepEqual(exits, [{ kind: 'crash', message: 'container terminated' }]);
    } finally {
      forks.stop();
    }
  });

  it('ends a container killed before its fork without ever starting a process', async () => {
    const forks = countForks();
    try {
      const transport = startProcessTransport({ id: 'p-2', heapMb: 64, moduleCacheDir });
      const exits: ExitReason[] = [];
      const messages: unknown[] = [];
      transport.onExit((reason) => exits.push(reason));
      transport.onMessage((message) => messages.push(message));
      transport.setActive(false);
      await transport.kill();
      await transport.kill();
      // The turn the fork was scheduled for has passed.
      await nextTurn();
      await nextTurn();
      assert.equal(forks.count, 0);
      assert.deepEqual(exits, [{ kind: 'crash', message: 'container terminated' }]);
      assert.deepEqual(messages, []);
      assert.throws(() => transport.send({ type: 'capability-result', runId: 1, callId: 1, ok: false, message: 'x' }), /container is gone/);
    } finally {
      forks.stop();
    }
  });

  it('ends a container whose fork throws, instead of throwing on a turn nobody catches', async () => {
    // A NUL byte in an argument makes fork() throw synchronously.
    const transport = startProcessTransport({ id: 'p-3', heapMb: 64, moduleCacheDir: join(moduleCacheDir, 'bad\u0000dir') });
    const exited = new Promise<ExitReason>((resolve) => transport.onExit(resolve));
    const reason = await exited;
    assert.equal(reason.kind, 'crash');
    assert.match(reason.message, /^container could not be started: /);
    await transport.kill();
  });
});
