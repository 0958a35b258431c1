// Redis stops (SIGKILL of a private redis-server) under a running node: logins that need it
// fail with Auth0's 503 temporarily_unavailable, write nothing, and work again as soon as Redis
// is back, without restarting the node.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { findDemoApplication } from '../../src/flows/tenants/index.ts';
import { createTenantQueries, createUserQueries } from '../../src/storage/index.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { freePort, runGatehouse } from '../cli/spawn.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Jar, send } from './http.ts';
import { redisServerMissing, startPrivateRedis, type PrivateRedis } from './redis-server.ts';

const skip = redisServerMissing();
const PASSWORD = 'Correct-h0rse-battery';
const EMAIL = 'lin@example.com';

describe('Redis down under a running node', { skip, timeout: 300_000 }, () => {
  let redis: PrivateRedis;
  let server: TestServer;
  let client: { client_id: string; client_secret: string; redirect: string };
  before(async () => {
    redis = await startPrivateRedis();
    server = await startTestServer({ settings: { redisUrl: redis.url, 'runtime.spares': '0' } });
    const demo = (await findDemoApplication({ database: server.database, box: server.box }))!;
    client = { client_id: demo.client_id, client_secret: demo.client_secret!, redirect: demo.redirect_uris[0] };
    const signup = await server.request('/dbconnections/signup', { body: { client_id: client.client_id, connection: 'Username-Password-Authentication', email: EMAIL, password: PASSWORD } });
    assert.equal(signup.status, 200, signup.text);
  });
  after(async () => {
    await server?.close();
    await redis?.stop();
  });

  const passwordGrant = (password: string) => server.request('/oauth/token', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', username: EMAIL, password, client_id: client.client_id, client_secret: client.client_secret, scope: 'openid offline_access' }).toString(),
  });
  const user = async () => (await createUserQueries(server.database, (await createTenantQueries(server.database).findByName('demo'))!.id).findByEmail('Username-Password-Authentication', EMAIL))!;
  const count = async (table: 'refresh_tokens' | 'login_transactions') => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(server.database.db)).rows[0].n);

  it('logins fail with temporarily_unavailable and write nothing; they recover by themselves', async () => {
    const ok = await passwordGrant(PASSWORD);
    assert.equal(ok.status, 200, ok.text);
    const jar = new Jar();
    const authorize = `/authorize?${new URLSearchParams({ client_id: client.client_id, response_type: 'code', redirect_uri: client.redirect, scope: 'openid' })}`;
    const sso = async () => send(server.port, authorize, { host: 'localhost', jar });
    // A browser session (in Redis) to try SSO with during the outage.
    const started = await sso();
    const loginUrl = new URL(started.location!, 'http://localhost');
    const page = await send(server.port, `${loginUrl.pathname}${loginUrl.search}`, { host: 'localhost', jar });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const loggedIn = await send(server.port, '/u/login', { host: 'localhost', jar, form: { state: loginUrl.searchParams.get('state')!, _csrf: csrf, username: EMAIL, password: PASSWORD } });
    assert.equal(loggedIn.status, 302, loggedIn.text);

    const before = { logins: (await user()).logins_count, tokens: await count('refresh_tokens') };
    await redis.stop();
    for (const password of [PASSWORD, 'wrong-password', PASSWORD]) {
      const res = await passwordGrant(password);
      assert.equal(res.status, 503, res.text);
      assert.deepEqual(res.json(), { error: 'temporarily_unavailable', error_description: 'A shared service is temporarily unavailable; try again shortly.' });
    }
    const during = await sso();
    assert.equal(during.status, 503, `SSO needs the session store: ${during.status} ${during.location ?? during.text}`);
    assert.equal(during.json<{ error: string }>().error, 'temporarily_unavailable');
    assert.equal((await user()).logins_count, before.logins, 'no login was counted');
    assert.equal(await count('refresh_tokens'), before.tokens, 'no token was issued');
    assert.equal((await server.request('/readyz')).status, 503);

    await redis.start();
    let res = await passwordGrant(PASSWORD);
    for (let i = 0; i < 100 && res.status === 503; i += 1) {
      await sleep(50);
      res = await passwordGrant(PASSWORD);
    }
    assert.equal(res.status, 200, res.text);
    assert.equal((await user()).logins_count, before.logins + 1);
    // The private Redis kept nothing: the old SSO session is gone, so the login page is shown again.
    const after = await sso();
    assert.equal(after.status, 302);
    assert.match(after.location!, /^\/u\/login\?/);
  });

  it('gatehouse start --redis with Redis unreachable exits 1 with one line, never the password', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gh-noredis-'));
    try {
      const result = await runGatehouse(['start', '--port', String(await freePort()), '--db', `sqlite:${join(dir, 'g.db')}`, '--redis', 'redis://:hunter2@127.0.0.1:1/0'], { cwd: dir });
      assert.equal(result.status, 1);
      assert.match(result.stderr, /^gatehouse: cannot reach Redis at 127\.0\.0\.1:1 \(/);
      assert.equal(result.stderr.trim().split('\n').length, 1);
      assert.doesNotMatch(result.stderr + result.stdout, /hunter2/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
