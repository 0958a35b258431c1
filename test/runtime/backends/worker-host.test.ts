// The worker backend's worker host (src/runtime/backends/worker/): every worker container lives in
// one child process, so an allocation that aborts a whole process aborts that child, never the
// server. What such an abort costs is documented (docs/runtime.md): every container on the worker
// host is recycled with it, and a new worker host serves the next call.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { childPids, expectKind, expectResult, script, startRunner, unique } from '../support.ts';

// Ever larger arrays filled in one builtin call: V8 fails one allocation outright (no near-heap-
// limit callback can stop it) and aborts the process holding the worker.
const hugeAllocation = 'function login(cb) { var a = []; for (var n = 1; ; n *= 2) a = new Array(n).fill(0); }';
const mark = 'function login(value, cb) { if (value !== null) global.mark = value; cb(null, global.mark === undefined ? null : global.mark); }';
const hold = 'function login(ms, cb) { setTimeout(function () { cb(null, "held"); }, ms); }';

function commandLine(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return []; // It ended while we looked.
  }
}

const workerHosts = (): number[] => childPids().filter((pid) => commandLine(pid).some((arg) => arg.includes('host-entry')));

describe('worker host', () => {
  it('holds every worker container in one child process under the permission model, ended by close()', async () => {
    const before = new Set(workerHosts());
    const runner = startRunner('worker', { heapMb: 64 });
    try {
      for (let i = 0; i < 3; i++) expectResult(await runner.run(script(mark, { tenant: unique(), args: ['x'] })));
      const started = workerHosts().filter((pid) => !before.has(pid));
      assert.equal(started.length, 1, 'three containers, one worker host');
      const command = commandLine(started[0]);
      assert.ok(command.includes('--permission'), command.join(' '));
      assert.ok(!command.some((arg) => arg.startsWith('--allow-fs-write') || arg.startsWith('--allow-child-process') || arg.startsWith('--allow-addons')), command.join(' '));
      // Only the IPC channel's own variables, which fork() adds.
      const environment = readFileSync(`/proc/${started[0]}/environ`, 'utf8').split('\0').filter(Boolean);
      assert.deepEqual(environment.filter((v) => !v.startsWith('NODE_CHANNEL_')), [], 'the worker host inherited environment variables');
    } finally {
      await runner.dispose();
    }
    assert.deepEqual(workerHosts().filter((pid) => !before.has(pid)), [], 'close() left a worker host running');
  });

  it('survives an allocation that aborts the worker host: out-of-memory, every container on it recycled, a new worker host serves', async () => {
    const runner = startRunner('worker', { heapMb: 64, timeoutMs: 15_000 });
    try {
      const bystander = unique('bystander');
      const marked = await runner.run(script(mark, { tenant: bystander, args: ['kept?'] }));
      assert.equal(expectResult(marked), 'kept?');
      const hostBefore = workerHosts();

      const bomb = expectKind(await runner.run(script(hugeAllocation, { tenant: unique('bomber') })), 'out-of-memory');
      assert.equal(bomb.container.recycled, true);

      const after = await runner.run(script(mark, { tenant: bystander, args: [null] }));
      assert.equal(expectResult(after), null, 'the bystander kept its global: its container outlived the worker host?');
      assert.notEqual(after.container.id, marked.container.id);
      assert.notDeepEqual(workerHosts(), hostBefore, 'the same worker host still serves');
    } finally {
      await runner.dispose();
    }
  });

  it('ends a call in flight beside the abort as crash, naming the cause', async () => {
    const runner = startRunner('worker', { heapMb: 64, timeoutMs: 15_000 });
    try {
      const held = runner.run(script(hold, { tenant: unique('bystander'), args: [10_000] }));
      const bomb = await runner.run(script(hugeAllocation, { tenant: unique('bomber') }));
      // Two calls were running: the worker host cannot tell which container aborted it.
      expectKind(bomb, 'crash');
      const bystander = expectKind(await held, 'crash');
      assert.match(bystander.message, /worker host was aborted: a container on it exceeded its heap limit/);
      expectResult(await runner.run(script(mark, { tenant: unique(), args: ['fresh'] })));
    } finally {
      await runner.dispose();
    }
  });
});
