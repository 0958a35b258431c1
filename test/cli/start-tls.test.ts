import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCertificate } from '../e2e/management/support.ts';
import { freePort, runGatehouse, startGatehouse, type RunningServer } from './spawn.ts';

function get(port: number, path: string, ca: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: 'localhost', port, path, ca }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('gatehouse start --tls-cert/--tls-key', () => {
  let dir: string;
  let cert: { cert: string; key: string };
  let server: RunningServer | undefined;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gh-tls-'));
    cert = await makeCertificate(dir);
  });
  after(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('serves HTTPS, and the issuer is https', async () => {
    const port = await freePort();
    server = await startGatehouse(['--port', String(port), '--db', `sqlite:${join(dir, 'gh.db')}`, '--tls-cert', cert.cert, '--tls-key', cert.key]);
    assert.match(server.banner, new RegExp(`https://localhost:${port}`));
    const ca = await readFile(cert.cert);
    assert.equal((await get(port, '/healthz', ca)).status, 200);
    const discovery = JSON.parse((await get(port, '/.well-known/openid-configuration', ca)).body);
    assert.equal(discovery.issuer, `https://localhost:${port}/`);
  });

  test('an unreadable certificate is one line naming the setting', async () => {
    const res = await runGatehouse(['start', '--port', String(await freePort()), '--db', `sqlite:${join(dir, 'gh2.db')}`, '--tls-cert', join(dir, 'missing.crt'), '--tls-key', cert.key]);
    assert.notEqual(res.status, 0);
    assert.match(res.stderr, /^gatehouse: invalid setting "tls.cert": .*missing\.crt cannot be read \(ENOENT\)$/m);
    assert.doesNotMatch(res.stderr, /\n\s+at /, 'no stack trace');
  });
});
