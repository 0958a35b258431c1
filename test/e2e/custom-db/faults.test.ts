// Faults (SPEC.md §2, custom-db.md §6): a legacy database that hangs runs into the connection's
// time limit (Auth0's timeout error, the container recycled) while another connection keeps
// serving; a store that is down fails fast with the generic error; scripts that call back twice
// or never are visible in the execution log; unset scripts behave as Auth0's template stubs.
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { fixtureScripts, gatehouseDialects, legacyPostgres, serviceUnavailable, type LegacyStore, type World } from './support.ts';

const noPg = await serviceUnavailable('PostgreSQL (legacy store)', '127.0.0.1', 5432);
const eve = { email: 'eve@example.com', password: 'eve-legacy-pw', nickname: 'eve' };

for (const dialect of await gatehouseDialects()) {
  describe(`faults, Gatehouse on ${dialect.name}`, { skip: noPg ?? dialect.skip }, () => {
    let world: World;
    let legacy: LegacyStore;
    let blackhole: Server;
    const held: Socket[] = [];

    before(async () => {
      legacy = await legacyPostgres([eve]);
      // Accepts connections and never answers: a legacy database that hangs.
      blackhole = createServer((socket) => { held.push(socket); });
      await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
      const hangingUrl = `postgres://legacy:pw-xyz@127.0.0.1:${(blackhole.address() as AddressInfo).port}/legacy`;
      world = await dialect.start();
      const scripts = await fixtureScripts('postgres');
      await world.save('healthy', scripts, { configuration: { DB_URL: legacy.url } });
      await world.save('hanging', scripts, { configuration: { DB_URL: hangingUrl }, options: { script_timeout_ms: 2500 } });
      await world.save('down', scripts, { configuration: { DB_URL: 'postgres://legacy:pw-xyz@127.0.0.1:9/legacy' } });
      await world.save('twice', { login: 'function login(e, p, cb) { cb(null, { user_id: "twice-1", email: e }); cb(new Error("second call")); }' });
      await world.save('never', { login: 'function login(e, p, cb) { console.log("forgot to call back"); }' }, { options: { script_timeout_ms: 1500 } });
      await world.save('stubs', { login: 'function login(e, p, cb) { cb(null, { user_id: "stub-1", email: e }); }' });
    });
    after(async () => {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => blackhole?.close(resolve));
      await world?.close();
      await legacy?.close();
    });

    test('a hanging store → 500 "Script execution time exceeded." after the connection\'s limit; another connection logs in meanwhile', async () => {
      const hanging = world.login('hanging', eve.email, eve.password);
      const meanwhile = await world.login('healthy', eve.email, eve.password);
      assert.equal(meanwhile.status, 200, 'the server keeps serving another connection');
      const settled = await Promise.race([hanging.then(() => 'answered'), Promise.resolve('pending')]);
      assert.equal(settled, 'pending', 'the hanging login was still running when the other one succeeded');
      const res = await hanging;
      assert.equal(res.status, 500);
      assert.deepEqual(res.json(), { error: 'server_error', error_description: 'Script execution time exceeded.' });
      const entry = (await world.executions('login')).find((e) => e.details.connection === 'hanging')!;
      // The script's function returned while its query hung: the runtime calls that callback-missing.
      assert.ok(['timeout', 'callback-missing'].includes(entry.outcome), entry.outcome);
      assert.equal((entry.details.container as { recycled: boolean }).recycled, true, 'the container was recycled');
      assert.doesNotMatch(JSON.stringify(entry), /pw-xyz/, 'the configuration value is masked');
    });

    test('a store that is down fails fast with the generic error, detail in the log only', async () => {
      const res = await world.login('down', eve.email, eve.password);
      assert.equal(res.status, 500);
      assert.deepEqual(res.json(), { error: 'server_error', error_description: 'Script execution failed.' });
      const entry = (await world.executions('login')).filter((e) => e.details.connection === 'down').at(-1)!;
      assert.equal(entry.outcome, 'user-error');
      assert.match(String((entry.details.error as { message: string }).message), /ECONNREFUSED|connect/);
    });

    test('calls back twice: the first call decides, the second is a warning on the execution', async () => {
      const res = await world.login('twice', 'tw@example.com', 'whatever');
      assert.equal(res.status, 200, res.text);
      const entry = (await world.executions('login')).filter((e) => e.details.connection === 'twice').at(-1)!;
      assert.equal(entry.outcome, 'result');
      assert.ok(entry.logs.some((l) => l.level === 'warn'), JSON.stringify(entry.logs));
    });

    test('never calls back: Auth0\'s timeout error, logged as callback-missing with what it printed', async () => {
      const res = await world.login('never', 'nv@example.com', 'whatever');
      assert.equal(res.status, 500);
      assert.equal(res.json().error_description, 'Script execution time exceeded.');
      const entry = (await world.executions('login')).filter((e) => e.details.connection === 'never').at(-1)!;
      assert.ok(['callback-missing', 'timeout'].includes(entry.outcome), entry.outcome);
      assert.ok(entry.logs.some((l) => l.message === 'forgot to call back'));
    });

    test('unset scripts behave as Auth0\'s template stubs: signup fails generically, the stub message is logged', async () => {
      const res = await world.server.request('/dbconnections/signup', { body: { client_id: world.app.client_id, connection: 'stubs', email: 'st@example.com', password: 'Stub-pw-12345' } });
      assert.equal(res.status, 500);
      const entry = (await world.executions('get_user')).filter((e) => e.details.connection === 'stubs').at(-1)!;
      assert.equal(entry.details.stub, true);
      assert.match(String((entry.details.error as { message: string }).message), /^Please implement the Get User script for this database connection/);
    });
  });
}
