// A spare warms up before it says ready (container/warm-up.ts). Its first real call, a new
// tenant's, must see a container exactly as blank as one that never warmed up, and every limit
// must still hold on it.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { backends, eventually, expectKind, expectResult, script, startRunner, unique } from '../support.ts';

const probe = `function login(email, password, callback) {
  console.log('first call of', email);
  callback(null, JSON.stringify({
    enumerable: Object.keys(global),
    warm: Reflect.ownKeys(globalThis).map(String).filter((k) => /warm|login|gatehouse/i.test(k)),
    configuration: configuration,
  }));
}`;

for (const backend of backends) {
  describe(`a spare's first call [${backend}]`, () => {
    const runner = startRunner(backend, { spares: 1, maxContainers: 4 });
    after(() => runner.dispose());
    const spareReady = () => eventually(() => runner.stats().spares >= 1, 'a spare was started');

    it('sees a clean global, only its own logs and its own configuration', async () => {
      await spareReady();
      const tenant = unique();
      const outcome = await runner.run(script(probe, { tenant, args: [`${tenant}@example.com`, 'pw'], configuration: { DB: 'tenant-db' } }));
      assert.equal(outcome.container.fromSpare, true, 'the call was not served by a spare');
      assert.deepEqual(JSON.parse(expectResult(outcome) as string), { enumerable: [], warm: [], configuration: { DB: 'tenant-db' } });
      assert.deepEqual(outcome.logs, [{ level: 'log', message: `first call of ${tenant}@example.com` }]);
      assert.equal(outcome.logsTruncated, false);
    });

    it('still times out a first call that never ends', async () => {
      await spareReady();
      const outcome = await runner.run(script('function login(e, p, callback) { while (true) {} }', { tenant: unique(), args: ['a', 'b'], timeoutMs: 300 }));
      assert.equal(outcome.container.fromSpare, true, 'the call was not served by a spare');
      expectKind(outcome, 'timeout');
    });
  });
}
