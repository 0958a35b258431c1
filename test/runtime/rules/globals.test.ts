// SPEC.md §2 "globals": what user code sees, and what it must not (process, the host's env).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { backends, expectKind, expectResult, script, startRunner, unique } from '../support.ts';

for (const backend of backends) {
  describe(`globals [${backend}]`, () => {
    const runner = startRunner(backend);
    let server: Server;
    let port = 0;
    before(async () => {
      server = createServer((req, res) => res.end(JSON.stringify({ path: req.url })));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });
    after(async () => {
      await runner.dispose();
      await new Promise((resolve) => server.close(resolve));
    });

    it('exposes configuration, frozen, per call', async () => {
      const source = `function login(cb) {
        'use strict';
        var frozen = false;
        try { configuration.DB = 'changed'; } catch (e) { frozen = e instanceof TypeError; }
        cb(null, { db: configuration.DB, frozen: frozen });
      }`;
      const outcome = await runner.run(script(source, { tenant: unique(), configuration: { DB: 'postgres://db/x' } }));
      assert.deepEqual(expectResult(outcome), { db: 'postgres://db/x', frozen: true });
    });

    it('defines the three Auth0 error classes as Errors of the script realm', async () => {
      const source = `function login(cb) {
        var e = new ValidationError('user_exists', 'taken');
        cb(null, {
          isError: e instanceof Error && new UnauthorizedError('x') instanceof Error && new WrongUsernameOrPasswordError('u') instanceof Error,
          own: Object.keys(e).sort(),
          defaultMessage: new WrongUsernameOrPasswordError('u').message
        });
      }`;
      assert.deepEqual(expectResult(await runner.run(script(source, { tenant: unique() }))), {
        isError: true,
        own: ['code', 'description', 'name', 'status_code'],
        defaultMessage: 'Wrong email or password.',
      });
    });

    it('provides fetch, timers, Buffer, URL, AbortController, crypto, structuredClone, TextEncoder', async () => {
      const source = `async function login(port, cb) {
        const response = await fetch('http://127.0.0.1:' + port + '/hello?x=1');
        const body = await response.json();
        const controller = new AbortController();
        controller.abort();
        await new Promise(function (resolve) { setTimeout(resolve, 5); });
        const interval = setInterval(function () {}, 1000); clearInterval(interval);
        await new Promise(function (resolve) { setImmediate(resolve); });
        const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode('abc'));
        cb(null, {
          fetched: body.path,
          url: new URL('https://example.com/a?b=c').searchParams.get('b'),
          buffer: Buffer.from('hi').toString('base64'),
          aborted: controller.signal.aborted,
          hash: crypto.createHash('sha256').update('abc').digest('hex') === Buffer.from(digest).toString('hex'),
          uuid: typeof crypto.randomUUID(),
          clone: structuredClone({ a: [1, { b: 2 }] }),
          cloneIsLocal: structuredClone({}) instanceof Object,
          global: global === globalThis,
          microtask: typeof queueMicrotask
        });
      }`;
      assert.deepEqual(expectResult(await runner.run(script(source, { tenant: unique(), args: [port] }))), {
        fetched: '/hello?x=1',
        url: 'c',
        buffer: 'aGk=',
        aborted: true,
        hash: true,
        uuid: 'string',
        clone: { a: [1, { b: 2 }] },
        cloneIsLocal: true,
        global: true,
        microtask: 'function',
      });
    });

    it('hides process and the host environment', async () => {
      const source = `function login(cb) {
        var viaConstructor;
        try { viaConstructor = typeof this.constructor.constructor('return process')(); } catch (e) { viaConstructor = 'threw'; }
        var viaHostFunction;
        try { viaHostFunction = typeof setTimeout.constructor.constructor('return process')(); } catch (e) { viaHostFunction = 'threw'; }
        var viaBuffer;
        try { viaBuffer = typeof Buffer.constructor('return process')(); } catch (e) { viaBuffer = 'threw'; }
        cb(null, { process: typeof process, viaConstructor: viaConstructor, viaHostFunction: viaHostFunction, viaBuffer: viaBuffer });
      }`;
      const value = expectResult(await runner.run(script(source, { tenant: unique() }))) as Record<string, string>;
      assert.equal(value.process, 'undefined');
      for (const key of ['viaConstructor', 'viaHostFunction', 'viaBuffer']) assert.notEqual(value[key], 'object', key);
    });

    it('keeps a prototype overwritten in one container out of another', async () => {
      const polluter = `function login(cb) { Object.prototype.polluted = 'yes'; Array.prototype.map = function () { return 'broken'; }; cb(null, 'done'); }`;
      const probe = `function login(cb) { cb(null, { polluted: typeof ({}).polluted, map: [1, 2].map(function (n) { return n * 2; }) }); }`;
      expectResult(await runner.run(script(polluter, { tenant: unique() })));
      assert.deepEqual(expectResult(await runner.run(script(probe, { tenant: unique() }))), { polluted: 'undefined', map: [2, 4] });
    });

    it('refuses dynamic import', async () => {
      const outcome = await runner.run(script(`async function login(cb) { await import('node:fs'); cb(null, 'imported'); }`, { tenant: unique() }));
      expectKind(outcome, 'user-error');
    });
  });
}
