// SPEC.md §2 "memory": past the heap limit the call ends as out-of-memory and that container,
// and only that one, is recycled.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { backends, expectKind, expectResult, script, startRunner, unique } from '../support.ts';

const bomb = `function login(cb) { var hoard = []; while (true) { hoard.push(new Array(100000).fill({ a: Math.random() })); } }`;
const counter = `function login(cb) { global.n = (global.n || 0) + 1; cb(null, global.n); }`;

for (const backend of backends) {
  describe(`heap limit [${backend}]`, () => {
    const runner = startRunner(backend, { heapMb: 32, timeoutMs: 20_000 });
    after(() => runner.dispose());

    it('ends a memory bomb as out-of-memory and recycles only its container', async () => {
      const bystander = unique();
      expectResult(await runner.run(script(counter, { tenant: bystander })));
      const tenant = unique();
      const outcome = expectKind(await runner.run(script(bomb, { tenant })), 'out-of-memory');
      assert.equal(outcome.container.recycled, true);
      assert.match(outcome.message, /32 MiB/);
      assert.equal(expectResult(await runner.run(script(counter, { tenant: bystander }))), 2, 'the other container kept its global');
      const again = await runner.run(script(counter, { tenant }));
      assert.equal(expectResult(again), 1, 'the bomb tenant gets a fresh container');
      assert.notEqual(again.container.id, outcome.container.id);
    });
  });
}
