// SPEC.md §2 "logs": console output captured per execution with util.format semantics, cut at
// the per-execution limit with a marker, secrets masked; 10,000 lines cost nothing.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { backends, expectKind, expectResult, script, startRunner, unique } from '../support.ts';

for (const backend of backends) {
  describe(`logs [${backend}]`, () => {
    const runner = startRunner(backend, { timeoutMs: 5000 });
    after(() => runner.dispose());

    it('captures console output with util.format semantics and levels', async () => {
      const source = `function login(cb) { console.log('%s has %d items', 'cart', 3); console.warn({ a: 1 }); console.error('e'); console.info('i'); console.debug('d'); cb(null); }`;
      const outcome = await runner.run(script(source, { tenant: unique() }));
      expectResult(outcome);
      assert.deepEqual(outcome.logs, [
        { level: 'log', message: 'cart has 3 items' },
        { level: 'warn', message: '{ a: 1 }' },
        { level: 'error', message: 'e' },
        { level: 'info', message: 'i' },
        { level: 'debug', message: 'd' },
      ]);
      assert.equal(outcome.logsTruncated, false);
    });

    it('cuts the output of one execution at 256 characters with a marker', async () => {
      const source = `function login(cb) { console.log('a'.repeat(200)); console.log('b'.repeat(100)); console.log('c'); cb(null); }`;
      const outcome = await runner.run(script(source, { tenant: unique() }));
      assert.equal(outcome.logsTruncated, true);
      assert.deepEqual(outcome.logs, [
        { level: 'log', message: 'a'.repeat(200) },
        { level: 'log', message: `${'b'.repeat(56)}…[truncated]` },
      ]);
    });

    it('masks secrets and configuration values in logs and error messages', async () => {
      const source = `function login(cb) {
        console.log('connecting with ' + configuration.PASSWORD + ' and key ' + configuration.KEY);
        cb(new Error('failed for ' + configuration.PASSWORD));
      }`;
      const outcome = await runner.run(script(source, {
        tenant: unique(),
        configuration: { PASSWORD: 'hunter2-long', KEY: 'k3y' },
        secrets: ['k3y'],
      }));
      const error = expectKind(outcome, 'user-error').error;
      assert.equal(outcome.logs[0].message, 'connecting with **** and key ****');
      assert.equal(error.message, 'failed for ****');
    });

    it('keeps the logs of concurrent executions apart', async () => {
      const tenant = unique();
      const source = `function login(tag, cb) { console.log('start ' + tag); setTimeout(function () { console.log('end ' + tag); cb(null, tag); }, 30); }`;
      const [a, b] = await Promise.all(['A', 'B'].map((tag) => runner.run(script(source, { tenant, args: [tag] }))));
      assert.deepEqual(a.logs.map((l) => l.message), ['start A', 'end A']);
      assert.deepEqual(b.logs.map((l) => l.message), ['start B', 'end B']);
      assert.equal(a.container.id, b.container.id);
    });

    it('survives 10,000 log lines', async () => {
      const source = `function login(cb) { for (var i = 0; i < 10000; i++) console.log('line ' + i + ' ' + 'x'.repeat(100)); cb(null, 'done'); }`;
      const outcome = await runner.run(script(source, { tenant: unique() }));
      assert.equal(expectResult(outcome), 'done');
      assert.equal(outcome.logsTruncated, true);
      assert.ok(outcome.logs.reduce((n, l) => n + l.message.length, 0) <= 256 + '…[truncated]'.length);
    });

    it('keeps what a call printed before it timed out', async () => {
      const outcome = await runner.run(script(`function login(cb) { console.log('about to hang'); setTimeout(function () { while (true) {} }, 50); }`, { tenant: unique(), timeoutMs: 800 }));
      // The function returned before hanging in a timer: the sub-kind of timeout that says so.
      expectKind(outcome, 'callback-missing');
      assert.deepEqual(outcome.logs.map((l) => l.message), ['about to hang']);
    });
  });
}
