// SIGTERM while a request is in flight: the node stops taking connections, finishes that
// request (a 1.5 s login script), and exits 0. One node on SQLite, as `gatehouse start` runs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, runGatehouse, startGatehouse } from '../cli/spawn.ts';
import { send } from './http.ts';

const slowLogin = `function login(email, password, callback) {
  setTimeout(function () { callback(null, { user_id: 'slow-1', email: email }); }, 1500);
}`;

describe('graceful shutdown', { timeout: 300_000 }, () => {
  let dir: string;
  let db: string;
  let client: { client_id: string; client_secret: string };
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gh-shutdown-'));
    db = `sqlite:${join(dir, 'gatehouse.db')}`;
    const created = await runGatehouse(['tenant', 'create', 'acme', '--hostname', 'acme.test', '--json', '--db', db], { cwd: dir });
    assert.equal(created.status, 0, created.stderr);
    client = (JSON.parse(created.stdout) as { application: typeof client }).application;
    await mkdir(join(dir, 'scripts'));
    await writeFile(join(dir, 'scripts', 'login.js'), slowLogin);
    const saved = await runGatehouse(['connection', 'set-scripts', '--tenant', 'acme', '--name', 'slow', '--dir', join(dir, 'scripts'), '--db', db], { cwd: dir });
    assert.equal(saved.status, 0, saved.stderr);
  });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal}: the request in flight finishes, then the node exits 0`, async () => {
      const port = await freePort();
      const server = await startGatehouse(['--port', String(port), '--host', '127.0.0.1', '--db', db], { cwd: dir });
      const exited = new Promise<number | null>((resolve) => server.child.once('close', resolve));
      const inFlight = send(port, '/oauth/token', {
        host: 'acme.test',
        form: { grant_type: 'http://auth0.com/oauth/grant-type/password-realm', realm: 'slow', username: 'ada@example.com', password: 'x', scope: 'openid', ...client },
      });
      await sleep(500); // the login script is waiting
      server.child.kill(signal);
      const reply = await inFlight;
      assert.equal(reply.status, 200, reply.text);
      assert.ok(reply.json<{ id_token: string }>().id_token);
      assert.equal(await exited, 0, server.output().stderr);
      await assert.rejects(send(port, '/healthz', { host: 'acme.test' }), /ECONNREFUSED/, 'nothing listens any more');
      assert.match(server.output().stdout + server.output().stderr, /shutting down/);
    });
  }
});
