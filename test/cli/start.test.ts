import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, runGatehouse, startGatehouse, type RunningServer } from './spawn.ts';

function get(port: number, path: string, host: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('gatehouse start', () => {
  let dir: string;
  let port: number;
  let server: RunningServer;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gh-start-'));
    port = await freePort();
    // --host 127.0.0.1 keeps the test off other interfaces; the Host header still says localhost.
    server = await startGatehouse(['--port', String(port), '--host', '127.0.0.1', '--db', `sqlite:${join(dir, 'data', 'gh.db')}`]);
  });
  after(async () => {
    if (server.child.exitCode === null) await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('prints the URL to open and a ready line; creates the database, its key file and the demo tenant', async () => {
    assert.match(server.banner, new RegExp(`http://127\\.0\\.0\\.1:${port}/healthz`));
    assert.match(server.banner, /created the "demo" tenant/);
    assert.match(server.banner, /^ready in \d+ ms$/m);
    await stat(join(dir, 'data', 'gh.db'));
    const key = await stat(join(dir, 'data', 'secret.key'));
    assert.equal(key.mode & 0o777, 0o600, 'the generated key file is private');
  });

  test('prints a working login URL for the demo application', async () => {
    const url = /http:\/\/127\.0\.0\.1:\d+(\/authorize\?client_id=[A-Za-z0-9]+&\S+)/.exec(server.banner);
    assert.ok(url, server.banner);
    const res = await new Promise<{ status: number; location?: string }>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: url[1], headers: { host: `localhost:${port}` } }, (r) => {
        r.resume();
        resolve({ status: r.statusCode ?? 0, location: r.headers.location });
      }).on('error', reject).end();
    });
    assert.equal(res.status, 302);
    assert.match(res.location ?? '', /^\/u\/login\?/);
  });

  test('serves /healthz for the demo tenant on localhost', async () => {
    assert.deepEqual(await get(port, '/healthz', `localhost:${port}`), { status: 200, body: { status: 'ok' } });
  });

  test('answers an unknown host with a 404 in the Auth0 shape', async () => {
    assert.deepEqual(await get(port, '/healthz', 'nobody.example.com'), {
      status: 404, body: { error: 'not_found', error_description: 'Unknown tenant host.' },
    });
  });

  test('the CLI works on the same database while the server runs; new tenants are served at once', async () => {
    const created = await runGatehouse(['tenant', 'create', 'acme', '--json', '--db', `sqlite:${join(dir, 'data', 'gh.db')}`]);
    assert.equal(created.status, 0, created.stderr);
    assert.deepEqual(await get(port, '/healthz', 'acme.localhost'), { status: 200, body: { status: 'ok' } });
  });

  test('SIGTERM closes gracefully with status 0', async () => {
    assert.equal(await server.stop('SIGTERM'), 0);
    assert.match(server.output().stdout, /shutting down/);
  });

  test('a second start on the same database keeps the demo tenant (idempotent) and migrates nothing', async () => {
    const again = await startGatehouse(['--port', String(await freePort()), '--host', '127.0.0.1', '--db', `sqlite:${join(dir, 'data', 'gh.db')}`]);
    try {
      assert.doesNotMatch(again.banner, /created the "demo" tenant/);
      assert.match(again.banner, /\/authorize\?client_id=[A-Za-z0-9]{32}&/, 'later starts still show the login URL');
      assert.doesNotMatch(again.banner, /applied \d+ migration/);
    } finally {
      assert.equal(await again.stop('SIGINT'), 0);
    }
    const list = await runGatehouse(['tenant', 'list', '--json', '--db', `sqlite:${join(dir, 'data', 'gh.db')}`]);
    assert.deepEqual(JSON.parse(list.stdout).map((t: { name: string }) => t.name), ['acme', 'demo']);
  });

  test('a port already in use fails with status 1 and one line', async () => {
    const busy = await startGatehouse(['--port', String(await freePort()), '--host', '127.0.0.1', '--db', `sqlite:${join(dir, 'data', 'gh.db')}`]);
    try {
      const busyPort = /http:\/\/127\.0\.0\.1:(\d+)/.exec(busy.banner)![1];
      const second = await runGatehouse(['start', '--port', busyPort, '--host', '127.0.0.1', '--db', `sqlite:${join(dir, 'data', 'gh.db')}`]);
      assert.equal(second.status, 1);
      assert.equal(second.stderr.trim().split('\n').length, 1, second.stderr);
      assert.match(second.stderr, /^gatehouse: the address is already in use/);
    } finally {
      await busy.stop();
    }
  });
});
