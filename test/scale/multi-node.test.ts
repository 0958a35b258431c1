// Three Gatehouse nodes on one PostgreSQL and one Redis, requests spread round robin by the
// test client (the Host header picks the tenant, the port picks the node): every step of a
// flow may land on any node (docs/deploy.md).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { admin, postgresMissing, sample, startCluster, type Cluster, type Node } from './cluster.ts';
import { claimsOf, Jar } from './http.ts';
import { redisServerMissing, startPrivateRedis, type PrivateRedis } from './redis-server.ts';

const skip = (await postgresMissing()) ?? redisServerMissing();
const HOST = 'acme.test';
const PASSWORD = 'Correct-h0rse-battery';

interface Tenant {
  tenant: { id: string };
  application: { client_id: string; client_secret: string; callbacks: string[] };
  management_api: { client_id: string; client_secret: string; audience: string };
}

/** A custom database login script whose container counts its calls in `global`. */
const countingLogin = (marker: string) => `function login(email, password, callback) {
  // ${marker}
  global.calls = (global.calls || 0) + 1;
  if (password !== '${PASSWORD}') return callback(new WrongUsernameOrPasswordError(email));
  // A new user per login (nickname is stored on creation only), so the claim shows this call.
  callback(null, { user_id: 'legacy-' + email.split('@')[0], email: email, nickname: 'calls-' + global.calls });
}`;

/** Reads api.cache as another node left it, then writes its own mark; counts its calls in `global`. */
const cacheAction = `exports.onExecutePostLogin = async (event, api) => {
  const seen = api.cache.get('first-writer');
  api.idToken.setCustomClaim('https://gatehouse.test/seen', seen ? seen.value : null);
  if (!seen) api.cache.set('first-writer', 'first-login', { ttl: 600000 });
  global.calls = (global.calls || 0) + 1;
  api.idToken.setCustomClaim('https://gatehouse.test/calls', global.calls);
};`;

/** Sends the browser away once; on its return (/continue, any node) adds a claim. */
const redirectAction = `exports.onExecutePostLogin = async (event, api) => {
  api.redirect.sendUserTo('https://verify.example.test/check');
};
exports.onContinuePostLogin = async (event, api) => {
  api.idToken.setCustomClaim('https://gatehouse.test/continued', true);
};`;

describe('three nodes on PostgreSQL and Redis', { skip, timeout: 600_000 }, () => {
  let redis: PrivateRedis;
  let cluster: Cluster;
  let acme: Tenant;
  let turn = 0;
  const next = (): Node => cluster.nodes[turn++ % cluster.nodes.length];
  const tokenForm = (extra: Record<string, string>) => ({ client_id: acme.application.client_id, client_secret: acme.application.client_secret, ...extra });

  before(async () => {
    redis = await startPrivateRedis();
    cluster = await startCluster({
      size: 3,
      redisUrl: redis.url,
      env: { GATEHOUSE_RUNTIME_SPARES: '0' },
      setup: async (cli) => {
        const created = await cli(['tenant', 'create', 'acme', '--hostname', HOST, '--json']);
        assert.equal(created.status, 0, created.stderr);
        acme = JSON.parse(created.stdout) as Tenant;
      },
    });
  });
  after(async () => {
    await cluster?.close();
    await redis?.stop();
  });

  it('a login started on one node continues on another, SSO on a third, refresh on a fourth turn', async () => {
    const email = 'ada@example.com';
    const signup = await next().send('/dbconnections/signup', { host: HOST, json: { client_id: acme.application.client_id, connection: 'Username-Password-Authentication', email, password: PASSWORD } });
    assert.equal(signup.status, 200, signup.text);

    const jar = new Jar();
    const redirectUri = acme.application.callbacks[0];
    const authorize = `/authorize?${new URLSearchParams({ client_id: acme.application.client_id, response_type: 'code', redirect_uri: redirectUri, scope: 'openid profile email offline_access', state: 'st-1' })}`;
    const a = cluster.nodes[0];
    const b = cluster.nodes[1];
    const c = cluster.nodes[2];
    const started = await a.send(authorize, { host: HOST, jar });
    assert.equal(started.status, 302, started.text);
    const loginUrl = new URL(started.location!, `http://${HOST}`);
    assert.equal(loginUrl.pathname, '/u/login');
    const page = await b.send(`${loginUrl.pathname}${loginUrl.search}`, { host: HOST, jar });
    assert.equal(page.status, 200, 'node B shows the login page of the transaction node A started');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    assert.ok(csrf);
    const done = await c.send('/u/login', { host: HOST, jar, form: { state: loginUrl.searchParams.get('state')!, _csrf: csrf, username: email, password: PASSWORD, action: 'default' } });
    assert.equal(done.status, 302, done.text);
    const callback = new URL(done.location!);
    assert.equal(`${callback.origin}${callback.pathname}`, redirectUri);
    assert.equal(callback.searchParams.get('state'), 'st-1');

    const exchanged = await a.send('/oauth/token', { host: HOST, form: tokenForm({ grant_type: 'authorization_code', code: callback.searchParams.get('code')!, redirect_uri: redirectUri }) });
    assert.equal(exchanged.status, 200, exchanged.text);
    const tokens = exchanged.json<{ id_token: string; refresh_token: string }>();
    assert.equal(claimsOf(tokens.id_token).email, email);
    assert.ok(tokens.refresh_token, 'offline_access gives a refresh token');

    // SSO: node C finds the session node C created, node B too — without a login page.
    const sso = await b.send(authorize.replace('st-1', 'st-2'), { host: HOST, jar });
    assert.equal(sso.status, 302, sso.text);
    assert.ok(sso.location!.startsWith(`${redirectUri}?`), `SSO went straight back to the app: ${sso.location}`);
    assert.equal(new URL(sso.location!).searchParams.get('state'), 'st-2');

    // The session lives in Redis, not in the sessions table.
    const client = new Redis(redis.url);
    try {
      assert.equal((await client.keys(`gh:sess:${acme.tenant.id}:*`)).length, 1);
    } finally {
      client.disconnect();
    }
    const rows = await admin(cluster.db.url, (pgc) => pgc.query('select count(*)::int as n from sessions'));
    assert.equal(rows.rows[0].n, 0);

    const refreshed = await c.send('/oauth/token', { host: HOST, form: tokenForm({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }) });
    assert.equal(refreshed.status, 200, refreshed.text);
    assert.ok(refreshed.json<{ access_token: string }>().access_token);
  });

  it('ten failed logins spread over the nodes block the user on every node', async () => {
    const email = 'grace@example.com';
    const signup = await next().send('/dbconnections/signup', { host: HOST, json: { client_id: acme.application.client_id, connection: 'Username-Password-Authentication', email, password: PASSWORD } });
    assert.equal(signup.status, 200, signup.text);
    const attempt = (password: string) => next().send('/oauth/token', {
      host: HOST,
      form: tokenForm({ grant_type: 'http://auth0.com/oauth/grant-type/password-realm', realm: 'Username-Password-Authentication', username: email, password, scope: 'openid' }),
    });
    const failures = [];
    for (let i = 0; i < 10; i += 1) failures.push(await attempt('wrong-password'));
    assert.deepEqual(failures.map((r) => r.status), Array(10).fill(403));
    for (let i = 0; i < 3; i += 1) {
      const blocked = await attempt(PASSWORD);
      assert.equal(blocked.status, 429, `node ${(turn - 1) % 3}: ${blocked.text}`);
      assert.equal(blocked.json<{ error: string }>().error, 'too_many_attempts');
    }
    const rows = await admin(cluster.db.url, (pgc) => pgc.query('select count(*)::int as n from login_attempts'));
    assert.equal(rows.rows[0].n, 0, 'the counters are in Redis');
  });

  it('a script save recycles the connection containers on every node', async () => {
    const scripts = join(cluster.dir, 'scripts');
    await mkdir(scripts, { recursive: true });
    await writeFile(join(scripts, 'login.js'), countingLogin('v1'));
    const saved = await cluster.cli(['connection', 'set-scripts', '--tenant', 'acme', '--name', 'legacy', '--dir', scripts]);
    assert.equal(saved.status, 0, saved.stderr);
    let logins = 0;
    const login = (node: Node) => node.send('/oauth/token', {
      host: HOST,
      form: tokenForm({ grant_type: 'http://auth0.com/oauth/grant-type/password-realm', realm: 'legacy', username: `user${(logins += 1)}@example.com`, password: PASSWORD, scope: 'openid profile' }),
    });
    const nickname = async (node: Node) => {
      const res = await login(node);
      assert.equal(res.status, 200, res.text);
      return claimsOf(res.json<{ id_token: string }>().id_token).nickname;
    };
    for (const node of cluster.nodes) {
      assert.equal(await nickname(node), 'calls-1', `node ${node.index}: its own container`);
      assert.equal(await nickname(node), 'calls-2', `node ${node.index}: the same container, global kept`);
    }
    const before = await Promise.all(cluster.nodes.map(async (n) => sample(await n.metrics(), 'gatehouse_recycle_signals_total', { reason: 'scripts-saved' })));
    await writeFile(join(scripts, 'login.js'), countingLogin('v2'));
    const redeployed = await cluster.cli(['connection', 'set-scripts', '--tenant', 'acme', '--name', 'legacy', '--dir', scripts]);
    assert.equal(redeployed.status, 0, redeployed.stderr);
    // Every node heard the signal and dropped the connection's container before any new call.
    for (const node of cluster.nodes) {
      let heard = 0;
      for (let i = 0; i < 100 && heard <= before[node.index]; i += 1) {
        heard = sample(await node.metrics(), 'gatehouse_recycle_signals_total', { reason: 'scripts-saved' });
        if (heard <= before[node.index]) await sleep(50);
      }
      assert.equal(heard, before[node.index] + 1, `node ${node.index} heard the deploy once`);
      assert.equal(sample(await node.metrics(), 'gatehouse_container_pool', { state: 'live' }), 0, `node ${node.index} has no container left`);
    }
    for (const node of cluster.nodes) assert.equal(await nickname(node), 'calls-1', `node ${node.index}: a fresh global`);
  });

  async function managementApi(): Promise<(node: Node, method: string, path: string, json?: unknown) => ReturnType<Node['send']>> {
    const mgmt = await next().send('/oauth/token', { host: HOST, json: { grant_type: 'client_credentials', client_id: acme.management_api.client_id, client_secret: acme.management_api.client_secret, audience: `http://${HOST}/api/v2/` } });
    assert.equal(mgmt.status, 200, mgmt.text);
    const authorization = `Bearer ${mgmt.json<{ access_token: string }>().access_token}`;
    return (node, method, path, json) => node.send(`/api/v2${path}`, { method, host: HOST, headers: { authorization }, json });
  }

  it('api.cache written by an Action on one node is read on another; a deploy on one node recycles Actions on all', async () => {
    const api = await managementApi();
    const created = await api(next(), 'POST', '/actions/actions', { name: 'cache-across-nodes', supported_triggers: [{ id: 'post-login', version: 'v3' }], code: cacheAction });
    assert.equal(created.status, 201, created.text);
    const actionId = created.json<{ id: string }>().id;
    const deployed = await api(next(), 'POST', `/actions/actions/${actionId}/deploy`);
    assert.equal(deployed.status, 202, deployed.text);
    const bound = await api(next(), 'PATCH', '/actions/triggers/post-login/bindings', { bindings: [{ ref: { type: 'action_id', value: actionId }, display_name: 'cache' }] });
    assert.equal(bound.status, 200, bound.text);
    await sleep(1200); // other nodes keep a trigger's plan for a second

    const login = async (node: Node) => {
      const res = await node.send('/oauth/token', {
        host: HOST,
        form: tokenForm({ grant_type: 'http://auth0.com/oauth/grant-type/password-realm', realm: 'Username-Password-Authentication', username: 'ada@example.com', password: PASSWORD, scope: 'openid' }),
      });
      assert.equal(res.status, 200, res.text);
      return claimsOf(res.json<{ id_token: string }>().id_token);
    };
    const first = await login(cluster.nodes[0]);
    assert.equal(first['https://gatehouse.test/calls'], 1, 'the Action ran');
    assert.equal(first['https://gatehouse.test/seen'], undefined, 'nothing cached yet (a null claim is left out)');
    const second = await login(cluster.nodes[1]);
    assert.equal(second['https://gatehouse.test/seen'], 'first-login', 'node 1 reads what the Action wrote on node 0');
    assert.equal((await login(cluster.nodes[2]))['https://gatehouse.test/seen'], 'first-login');
    assert.equal((await login(cluster.nodes[1]))['https://gatehouse.test/calls'], 2, "node 1's container kept its global");

    const heardBefore = await Promise.all(cluster.nodes.map(async (n) => sample(await n.metrics(), 'gatehouse_recycle_signals_total', { reason: 'requested' })));
    const redeployed = await api(cluster.nodes[0], 'POST', `/actions/actions/${actionId}/deploy`);
    assert.equal(redeployed.status, 202, redeployed.text);
    for (const node of cluster.nodes.slice(1)) {
      let heard = heardBefore[node.index];
      for (let i = 0; i < 100 && heard === heardBefore[node.index]; i += 1) {
        await sleep(50);
        heard = sample(await node.metrics(), 'gatehouse_recycle_signals_total', { reason: 'requested' });
      }
      assert.equal(heard, heardBefore[node.index] + 1, `node ${node.index} heard the deploy made on node 0`);
    }
    await sleep(1200);
    for (const node of cluster.nodes) assert.equal((await login(node))['https://gatehouse.test/calls'], 1, `node ${node.index}: the new version starts with a fresh global`);
  });

  it('a redirect Action suspends the login on one node and /continue resumes it on another', async () => {
    const api = await managementApi();
    const created = await api(next(), 'POST', '/actions/actions', { name: 'redirect-across-nodes', supported_triggers: [{ id: 'post-login', version: 'v3' }], code: redirectAction, deploy: true });
    assert.equal(created.status, 201, created.text);
    const bound = await api(next(), 'PATCH', '/actions/triggers/post-login/bindings', { bindings: [{ ref: { type: 'action_id', value: created.json<{ id: string }>().id }, display_name: 'redirect' }] });
    assert.equal(bound.status, 200, bound.text);
    await sleep(1200); // other nodes keep a trigger's plan for a second

    const jar = new Jar();
    const redirectUri = acme.application.callbacks[0];
    const [a, b, c] = cluster.nodes;
    const started = await a.send(`/authorize?${new URLSearchParams({ client_id: acme.application.client_id, response_type: 'code', redirect_uri: redirectUri, scope: 'openid', state: 'st-r' })}`, { host: HOST, jar });
    assert.equal(started.status, 302, started.text);
    const loginUrl = new URL(started.location!, `http://${HOST}`);
    const page = await b.send(`${loginUrl.pathname}${loginUrl.search}`, { host: HOST, jar });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const away = await c.send('/u/login', { host: HOST, jar, form: { state: loginUrl.searchParams.get('state')!, _csrf: csrf, username: 'ada@example.com', password: PASSWORD, action: 'default' } });
    assert.equal(away.status, 302, away.text);
    const external = new URL(away.location!);
    assert.equal(`${external.origin}${external.pathname}`, 'https://verify.example.test/check');
    const state = external.searchParams.get('state')!;
    assert.ok(state);

    // The suspended flow is in Redis, where any node finds it.
    const client = new Redis(redis.url);
    try {
      assert.equal((await client.keys(`gh:flow:${acme.tenant.id}:*`)).length, 1);
    } finally {
      client.disconnect();
    }
    const resumed = await a.send(`/continue?state=${encodeURIComponent(state)}`, { host: HOST, jar });
    assert.equal(resumed.status, 302, resumed.text);
    const callback = new URL(resumed.location!);
    assert.equal(`${callback.origin}${callback.pathname}`, redirectUri);
    assert.equal(callback.searchParams.get('state'), 'st-r');
    const replay = await b.send(`/continue?state=${encodeURIComponent(state)}`, { host: HOST, jar });
    assert.ok(replay.status >= 400, `a replayed state is refused on another node (${replay.status})`);

    const exchanged = await b.send('/oauth/token', { host: HOST, form: tokenForm({ grant_type: 'authorization_code', code: callback.searchParams.get('code')!, redirect_uri: redirectUri }) });
    assert.equal(exchanged.status, 200, exchanged.text);
    assert.equal(claimsOf(exchanged.json<{ id_token: string }>().id_token)['https://gatehouse.test/continued'], true);
  });
});
