import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer } from '../helpers/server.ts';
import { runGatehouse } from './spawn.ts';

const dir = await mkdtemp(join(tmpdir(), 'gh-cli-client-'));
after(async () => { await rm(dir, { recursive: true, force: true }); });

describe('gatehouse client grant', () => {
  const url = `sqlite:${join(dir, 'gh.db')}`;

  test('tenant create prints the API Explorer Application once; client grant --management gives a client Management API scopes', async () => {
    const created = await runGatehouse(['tenant', 'create', 'acme', '--json', '--db', url]);
    assert.equal(created.status, 0, created.stderr);
    const result = JSON.parse(created.stdout);
    assert.equal(result.management_api.application, 'API Explorer Application');
    assert.match(result.management_api.client_id, /^[A-Za-z0-9]{32}$/);
    assert.ok(result.management_api.client_secret.length >= 32);
    assert.equal(result.management_api.audience, 'https://acme.localhost/api/v2/');
    const app = result.application;

    const granted = await runGatehouse(['client', 'grant', '--tenant', 'acme', '--client', app.client_id, '--management', '--scopes', 'read:users,read:user_idp_tokens', '--json', '--db', url]);
    assert.equal(granted.status, 0, granted.stderr);
    const grant = JSON.parse(granted.stdout);
    assert.deepEqual(grant.scope, ['read:users', 'read:user_idp_tokens']);
    assert.equal(grant.audience, 'https://acme.localhost/api/v2/');

    const again = await runGatehouse(['client', 'grant', '--tenant', 'acme', '--client', app.client_id, '--management', '--scopes', 'read:users', '--db', url]);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /^updated client grant cgr_/m);

    const server = await startTestServer({ settings: { db: url } });
    try {
      const token = await server.request('/oauth/token', {
        host: 'acme.localhost',
        body: { grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, audience: 'http://acme.localhost/api/v2/' },
      });
      assert.equal(token.status, 200, token.text);
      const { access_token: accessToken, scope } = token.json();
      assert.equal(scope, 'read:users');
      const auth = { authorization: `Bearer ${accessToken}` };
      assert.equal((await server.request('/api/v2/users', { host: 'acme.localhost', headers: auth })).status, 200);
      assert.equal((await server.request('/api/v2/clients', { host: 'acme.localhost', headers: auth })).status, 403);

      const explorer = await server.request('/oauth/token', {
        host: 'acme.localhost',
        body: { grant_type: 'client_credentials', client_id: result.management_api.client_id, client_secret: result.management_api.client_secret, audience: 'http://acme.localhost/api/v2/' },
      });
      assert.equal(explorer.status, 200, explorer.text);
      assert.match(explorer.json().scope, /create:actions/);
    } finally {
      await server.close();
    }
  });

  test('bad input exits 2 with one line and the usage hint: both or neither audience flag, unknown scope, unknown tenant or client', async () => {
    const created = JSON.parse((await runGatehouse(['tenant', 'create', 'beta', '--json', '--db', url])).stdout);
    const clientId = created.application.client_id;
    const cases: Array<[string[], RegExp]> = [
      [['--management', '--audience', 'https://x/'], /exactly one of --audience/],
      [[], /exactly one of --audience/],
      [['--management', '--scopes', 'read:nothing'], /unknown scope\(s\) for this API: read:nothing/],
      [['--audience', 'https://unknown.example/'], /no API with identifier/],
    ];
    for (const [extra, message] of cases) {
      const args = ['client', 'grant', '--tenant', 'beta', '--client', clientId, '--scopes', 'read:users', ...extra, '--db', url];
      const res = await runGatehouse(args);
      assert.equal(res.status, 2, `${extra.join(' ')}: ${res.stderr}`);
      const [first, ...rest] = res.stderr.trim().split('\n');
      assert.match(first, message);
      assert.deepEqual(rest, ['(run with --help for usage)'], 'one line and the usage hint, no stack trace');
    }
    const noTenant = await runGatehouse(['client', 'grant', '--tenant', 'nope', '--client', clientId, '--management', '--scopes', 'read:users', '--db', url]);
    assert.equal(noTenant.status, 2);
    const noClient = await runGatehouse(['client', 'grant', '--tenant', 'beta', '--client', 'nope', '--management', '--scopes', 'read:users', '--db', url]);
    assert.equal(noClient.status, 2);
    assert.match(noClient.stderr, /has no client nope/);
  });
});
