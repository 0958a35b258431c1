// SPEC.md §2 "reuse" and "keying": global survives between calls of one container; scripts of one
// connection share it; other keys and other tenants never see it.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { backends, expectResult, script, startRunner, unique } from '../support.ts';

const counter = `function login(callback) {
  global.count = (global.count || 0) + 1;
  callback(null, global.count);
}`;
const reader = `function getUser(callback) { callback(null, global.count === undefined ? 'unset' : global.count); }`;

for (const backend of backends) {
  describe(`reuse and keying [${backend}]`, () => {
    const runner = startRunner(backend);
    after(() => runner.dispose());

    it('keeps global between calls of one container', async () => {
      const tenant = unique();
      const values = [];
      for (let i = 0; i < 3; i++) values.push(expectResult(await runner.run(script(counter, { tenant }))));
      assert.deepEqual(values, [1, 2, 3]);
    });

    it('shares global between the scripts of one connection', async () => {
      const tenant = unique();
      expectResult(await runner.run(script(counter, { tenant, codeId: 'login' })));
      assert.equal(expectResult(await runner.run(script(reader, { tenant, codeId: 'get_user' }))), 1);
    });

    it('gives another connection of the same tenant its own global', async () => {
      const tenant = unique();
      expectResult(await runner.run(script(counter, { tenant, containerKey: 'con_a' })));
      assert.equal(expectResult(await runner.run(script(reader, { tenant, containerKey: 'con_b', codeId: 'get_user' }))), 'unset');
    });

    it('never shares a container between tenants, even for the same key', async () => {
      const first = await runner.run(script(counter, { tenant: unique(), containerKey: 'same' }));
      const second = await runner.run(script(reader, { tenant: unique(), containerKey: 'same', codeId: 'get_user' }));
      assert.equal(expectResult(second), 'unset');
      assert.notEqual(first.container.id, second.container.id);
    });

    it('reports cold for the first call of a container and warm after', async () => {
      const tenant = unique();
      const cold = await runner.run(script(counter, { tenant }));
      const warm = await runner.run(script(counter, { tenant }));
      assert.equal(cold.container.cold, true);
      assert.equal(warm.container.cold, false);
      assert.equal(warm.container.id, cold.container.id);
    });

    it('serves concurrent calls in one container', async () => {
      const tenant = unique();
      const slow = `function login(ms, callback) { setTimeout(function () { callback(null, ms); }, ms); }`;
      const outcomes = await Promise.all([120, 10, 60].map((ms) => runner.run(script(slow, { tenant, args: [ms] }))));
      assert.deepEqual(outcomes.map(expectResult), [120, 10, 60]);
      assert.equal(new Set(outcomes.map((o) => o.container.id)).size, 1);
    });
  });
}
