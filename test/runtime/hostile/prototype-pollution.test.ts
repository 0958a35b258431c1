// Overwriting built-ins in one tenant's container must not leak into another's (SPEC.md §2
// "keying", "isolation"): tenant B sees clean Array.prototype.map, Object.prototype and JSON.parse
// after tenant A replaced them, and so does the host.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertServesOthers, backends, expectResult, runScript, startRunner } from '../../helpers/runtime.ts';
import type { TestRunner } from '../../helpers/runtime.ts';

const pollute = `function login(e, p, callback) {
  Array.prototype.map = function () { return ["polluted"]; };
  Object.prototype.x = "polluted";
  Object.defineProperty(Object.prototype, "toJSON", { value: function () { return "polluted"; }, writable: true, configurable: true });
  JSON.parse = function () { return "polluted"; };
  JSON.stringify = function () { return '"polluted"'; };
  String.prototype.trim = function () { return "polluted"; };
  Promise.prototype.then = function () { return "polluted"; };
  Function.prototype.call = function () { return "polluted"; };
  // Host-provided objects and their prototypes, in case they come from a shared realm.
  [callback, e, configuration, Buffer, console, setTimeout, URL, globalThis].forEach(function (o) {
    try { Object.getPrototypeOf(o).polluted = "polluted"; } catch (x) {}
    try { o.polluted = "polluted"; } catch (x) {}
  });
  try { console.log = function () { return "polluted"; }; } catch (x) {}
  try { Buffer.from = function () { return "polluted"; }; } catch (x) {}
  callback(null, [1, 2].map(function (n) { return n; }));
}`;

const inspect = `function login(e, p, callback) {
  var probe = {};
  callback(null, {
    map: [1, 2, 3].map(function (n) { return n * 2; }),
    x: typeof probe.x,
    toJSON: typeof probe.toJSON,
    parse: JSON.parse('{"a":1}'),
    stringify: JSON.stringify({ a: 1 }),
    trim: "  t  ".trim(),
    then: typeof Promise.resolve(1).then(function () {}),
    call: Math.max.call(null, 1, 2),
    polluted: [typeof callback.polluted, typeof e.polluted, typeof configuration.polluted, typeof Buffer.polluted, typeof console.polluted,
      typeof setTimeout.polluted, typeof URL.polluted, typeof globalThis.polluted, typeof ({}).polluted],
    buffer: Buffer.from("hi").toString("hex"),
  });
}`;

const clean = {
  map: [2, 4, 6], x: 'undefined', toJSON: 'undefined', parse: { a: 1 }, stringify: '{"a":1}', trim: 't', then: 'object', call: 2,
  polluted: Array(9).fill('undefined'), buffer: '6869',
};

for (const backend of backends()) {
  describe(`prototype pollution [${backend}]`, () => {
    let runner: TestRunner;
    before(() => { runner = startRunner(backend); });
    after(() => runner.dispose());

    it('tenant A overwrites built-ins; tenant B sees clean ones', async () => {
      // A's own call may well break (it replaced Function.prototype.call): that is its business.
      const polluted = await runScript(runner, pollute, { tenant: 'tenant-a', codeId: 'pollute', args: [{ k: 1 }, 'pw'], configuration: { k: 'v' } });
      const seen = await runScript(runner, inspect, { tenant: 'tenant-b', codeId: 'inspect', args: [{ k: 1 }, 'pw'], configuration: { k: 'v' } });
      assert.deepEqual(expectResult(seen), clean);
      assert.notEqual(seen.container.id, polluted.container.id);
      await assertServesOthers(runner);
    });

    it('the same tenant on another connection gets its own container', async () => {
      const polluted = await runScript(runner, pollute, { tenant: 'tenant-c', containerKey: 'con_a', codeId: 'pollute', args: [{ k: 1 }, 'pw'] });
      const seen = await runScript(runner, inspect, { tenant: 'tenant-c', containerKey: 'con_b', codeId: 'inspect', args: [{ k: 1 }, 'pw'] });
      assert.deepEqual(expectResult(seen), clean);
      assert.notEqual(seen.container.id, polluted.container.id);
    });

    it('the host\'s own built-ins are untouched', async () => {
      await runScript(runner, pollute, { tenant: 'tenant-d', codeId: 'pollute', args: [{ k: 1 }, 'pw'] });
      const probe: Record<string, unknown> = {};
      assert.equal(probe.x, undefined);
      assert.equal(probe.polluted, undefined);
      assert.deepEqual([1, 2].map((n) => n + 1), [2, 3]);
      assert.deepEqual(JSON.parse('{"a":1}'), { a: 1 });
      assert.equal(JSON.stringify({ a: 1 }), '{"a":1}');
    });
  });
}
