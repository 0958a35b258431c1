import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { redisServerMissing, startPrivateRedis, type PrivateRedis } from '../../scale/redis-server.ts';

/** One sample's value from Prometheus text, or 0 when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const inner = /\{(.*)\}/.exec(line)?.[1] ?? '';
    if (want.every((pair) => inner.split(',').includes(pair))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}

const loginScript = 'function login(email, password, callback) { callback(null, { user_id: "1", email: email }); }';

describe('operations endpoints on one node (SQLite, no Redis)', () => {
  let server: TestServer;
  before(async () => { server = await startTestServer({ settings: { 'runtime.spares': '0' } }); });
  after(async () => { await server?.close(); });

  it('/readyz checks storage and answers for any Host', async () => {
    const res = await server.request('/readyz', { host: '10.1.2.3:3000' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { status: 'ready', checks: { storage: 'ok' } });
    // /healthz stays what it was: liveness for a tenant's host.
    assert.equal((await server.request('/healthz')).status, 200);
  });

  it('/readyz answers 503 once storage is gone', async () => {
    const other = await startTestServer();
    try {
      await other.database.close();
      const res = await other.request('/readyz');
      assert.equal(res.status, 503);
      assert.deepEqual(res.json(), { status: 'unavailable', checks: { storage: 'unavailable' } });
    } finally {
      await other.app.close();
    }
  });

  it('/metrics counts requests per route pattern, never per raw URL', async () => {
    await server.request('/healthz');
    await server.request('/healthz');
    await server.request('/authorize?client_id=secret-looking-value&response_type=code');
    await server.request('/no/such/route');
    const res = await server.request('/metrics', { host: 'scraper.internal' });
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain/);
    assert.equal(sample(res.text, 'gatehouse_http_requests_total', { method: 'GET', route: '/healthz', status: '200' }), 3);
    assert.equal(sample(res.text, 'gatehouse_http_requests_total', { method: 'GET', route: '/authorize', status: '400' }), 1);
    assert.ok(sample(res.text, 'gatehouse_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' }) >= 1);
    assert.ok(sample(res.text, 'gatehouse_http_request_duration_seconds_count', { method: 'GET', route: '/healthz' }) >= 2);
    assert.doesNotMatch(res.text, /secret-looking-value/);
    assert.match(res.text, /gatehouse_process_cpu_user_seconds_total/);
  });

  it('/metrics reports executions by outcome, cold starts, the pool and recycles', async () => {
    const call = (args: unknown[], source = loginScript) => server.runner.run({
      tenant: 'ten_metrics', containerKey: 'con_1', codeId: 'conn.login', codeVersion: '1', source, kind: 'script', args,
    });
    assert.equal((await call(['a@example.com', 'pw'])).kind, 'result');
    assert.equal((await call(['b@example.com', 'pw'])).kind, 'result');
    const failing = await server.runner.run({
      tenant: 'ten_metrics', containerKey: 'con_2', codeId: 'conn.login', codeVersion: '1', kind: 'script', args: ['a', 'b'],
      source: 'function login(e, p, callback) { callback(new WrongUsernameOrPasswordError(e)); }',
    });
    assert.equal(failing.kind, 'user-error');
    let text = (await server.request('/metrics')).text;
    assert.equal(sample(text, 'gatehouse_executions_total', { kind: 'script', outcome: 'result' }), 2);
    assert.equal(sample(text, 'gatehouse_executions_total', { kind: 'script', outcome: 'user-error' }), 1);
    assert.equal(sample(text, 'gatehouse_container_cold_starts_total', { kind: 'script', from_spare: 'false' }), 2);
    assert.equal(sample(text, 'gatehouse_container_pool', { state: 'live' }), 2);
    for (const state of ['idle', 'busy', 'spares', 'starting', 'ending', 'queued']) {
      assert.match(text, new RegExp(`^gatehouse_container_pool\\{state="${state}"\\} \\d+$`, 'm'), `pool state ${state} not exported`);
    }
    await server.runner.recycle('ten_metrics', 'con_1');
    assert.equal(await server.recycleSignal.announce({ tenant: 'ten_metrics', key: 'con_2', reason: 'deploy' }), true);
    for (let i = 0; i < 100 && sample(text, 'gatehouse_container_pool', { state: 'live' }) > 0; i += 1) {
      await sleep(20);
      text = (await server.request('/metrics')).text;
    }
    assert.equal(sample(text, 'gatehouse_container_pool', { state: 'live' }), 0, 'both containers recycled (one asked, one by signal)');
    assert.equal(sample(text, 'gatehouse_recycle_signals_total', { reason: 'deploy' }), 1);
    assert.equal(sample(text, 'gatehouse_container_recycles_total', { reason: 'requested' }), 2);
  });
});

const redisSkip = redisServerMissing();

describe('/readyz with Redis', { skip: redisSkip }, () => {
  let redis: PrivateRedis;
  let server: TestServer;
  before(async () => {
    redis = await startPrivateRedis();
    server = await startTestServer({ settings: { redisUrl: redis.url } });
  });
  after(async () => {
    await server?.close();
    await redis?.stop();
  });

  it('reports Redis, turns unready while it is down and ready again by itself', async () => {
    assert.deepEqual((await server.request('/readyz')).json(), { status: 'ready', checks: { storage: 'ok', redis: 'ok' } });
    await redis.stop();
    const down = await server.request('/readyz');
    assert.equal(down.status, 503);
    assert.deepEqual(down.json(), { status: 'unavailable', checks: { storage: 'ok', redis: 'unavailable' } });
    assert.equal((await server.request('/healthz')).status, 200, 'liveness does not depend on Redis');
    await redis.start();
    let res = await server.request('/readyz');
    for (let i = 0; i < 100 && res.status !== 200; i += 1) {
      await sleep(50);
      res = await server.request('/readyz');
    }
    assert.equal(res.status, 200);
  });
});
