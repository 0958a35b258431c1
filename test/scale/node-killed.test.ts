// A node dies (SIGKILL) in the middle of users' flows: everything a flow needs is in
// PostgreSQL or Redis, so the next request on another node continues it; a request that was in
// flight on the dead node ends with a connection error the client can see (and a proxy retries).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { postgresMissing, startCluster, type Cluster } from './cluster.ts';
import { claimsOf, Jar } from './http.ts';
import { redisServerMissing, startPrivateRedis, type PrivateRedis } from './redis-server.ts';

const skip = (await postgresMissing()) ?? redisServerMissing();
const HOST = 'acme.test';
const PASSWORD = 'Correct-h0rse-battery';

interface Tenant { application: { client_id: string; client_secret: string; callbacks: string[] } }

const slowLogin = `function login(email, password, callback) {
  setTimeout(function () { callback(null, { user_id: 'slow-' + email.split('@')[0], email: email }); }, 1500);
}`;

describe('a node killed mid-flow', { skip, timeout: 600_000 }, () => {
  let redis: PrivateRedis;
  let cluster: Cluster;
  let acme: Tenant;
  before(async () => {
    redis = await startPrivateRedis();
    cluster = await startCluster({
      size: 3,
      redisUrl: redis.url,
      setup: async (cli) => {
        const created = await cli(['tenant', 'create', 'acme', '--hostname', HOST, '--json']);
        assert.equal(created.status, 0, created.stderr);
        acme = JSON.parse(created.stdout) as Tenant;
      },
    });
    const scripts = join(cluster.dir, 'slow');
    await mkdir(scripts, { recursive: true });
    await writeFile(join(scripts, 'login.js'), slowLogin);
    const saved = await cluster.cli(['connection', 'set-scripts', '--tenant', 'acme', '--name', 'slow', '--dir', scripts]);
    assert.equal(saved.status, 0, saved.stderr);
  });
  after(async () => {
    await cluster?.close();
    await redis?.stop();
  });

  it('a login page served by a node that then dies is completed on another node', async () => {
    const [a, b] = cluster.nodes;
    const email = 'mae@example.com';
    const signup = await b.send('/dbconnections/signup', { host: HOST, json: { client_id: acme.application.client_id, connection: 'Username-Password-Authentication', email, password: PASSWORD } });
    assert.equal(signup.status, 200, signup.text);
    const jar = new Jar();
    const redirectUri = acme.application.callbacks[0];
    const started = await a.send(`/authorize?${new URLSearchParams({ client_id: acme.application.client_id, response_type: 'code', redirect_uri: redirectUri, scope: 'openid', state: 'k1' })}`, { host: HOST, jar });
    const loginUrl = new URL(started.location!, `http://${HOST}`);
    const page = await a.send(`${loginUrl.pathname}${loginUrl.search}`, { host: HOST, jar });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];

    assert.equal(await a.server.stop('SIGKILL'), null);
    const done = await b.send('/u/login', { host: HOST, jar, form: { state: loginUrl.searchParams.get('state')!, _csrf: csrf, username: email, password: PASSWORD } });
    assert.equal(done.status, 302, done.text);
    const callback = new URL(done.location!);
    assert.equal(callback.searchParams.get('state'), 'k1');
    const exchanged = await b.send('/oauth/token', { host: HOST, form: { grant_type: 'authorization_code', code: callback.searchParams.get('code')!, redirect_uri: redirectUri, client_id: acme.application.client_id, client_secret: acme.application.client_secret } });
    assert.equal(exchanged.status, 200, exchanged.text);
    assert.equal(claimsOf(exchanged.json<{ id_token: string }>().id_token).sub, `auth0|${signup.json<{ _id: string }>()._id}`);
  });

  it('a request in flight on a killed node gets a connection error; the retry on another node succeeds', async () => {
    const [, b, c] = cluster.nodes;
    const form = { grant_type: 'http://auth0.com/oauth/grant-type/password-realm', realm: 'slow', username: 'ola@example.com', password: PASSWORD, scope: 'openid', client_id: acme.application.client_id, client_secret: acme.application.client_secret };
    const inFlight = b.send('/oauth/token', { host: HOST, form }).then((r) => r, (err: NodeJS.ErrnoException) => err);
    await sleep(400); // the script is running (it answers after 1.5 s)
    await b.server.stop('SIGKILL');
    const lost = await inFlight;
    assert.ok(lost instanceof Error, 'no answer from a dead node');
    assert.match(String((lost as NodeJS.ErrnoException).code), /ECONNRESET|EPIPE|ECONNREFUSED/);
    const retried = await c.send('/oauth/token', { host: HOST, form });
    assert.equal(retried.status, 200, retried.text);
    assert.match(String(claimsOf(retried.json<{ id_token: string }>().id_token).sub), /slow-ola/);
  });
});
