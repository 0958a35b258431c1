// PostgreSQL going away under load. A real restart would disturb every other suite on the
// shared server, so this stands in for one by terminating every backend connection of the
// test's own database (pg_terminate_backend), twice, while two nodes take signups and metadata
// writes: requests in flight fail cleanly (Auth0's shapes, no detail), later ones succeed on
// new connections, and counting afterwards shows nothing lost and nothing doubled.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { admin, postgresMissing, startCluster, type Cluster, type Node } from './cluster.ts';
import type { Reply } from './http.ts';
import { redisServerMissing, startPrivateRedis, type PrivateRedis } from './redis-server.ts';
import { pgAdminUrl } from '../helpers/dialects.ts';

const skip = (await postgresMissing()) ?? redisServerMissing();
const HOST = 'acme.test';
const PASSWORD = 'Correct-h0rse-battery';
const SIGNUPS = 120;
const METADATA_KEYS = 40;

interface Tenant {
  tenant: { id: string };
  application: { client_id: string };
  management_api: { client_id: string; client_secret: string };
}

/** Runs `work` over items with `concurrency` in flight; calls `progress` after each. */
async function pool<T>(items: readonly T[], concurrency: number, work: (item: T, i: number) => Promise<void>, progress: (done: number) => Promise<void>): Promise<void> {
  let nextIndex = 0;
  let done = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (nextIndex < items.length) {
      const i = nextIndex++;
      await work(items[i], i);
      done += 1;
      await progress(done);
    }
  }));
}

/** A failed request must still be a clean answer: Auth0 JSON without database detail, or a dropped connection. */
function assertClean(reply: Reply | Error): void {
  if (reply instanceof Error) return;
  assert.ok(reply.status >= 500, `only server failures are expected here, got ${reply.status} ${reply.text}`);
  const body = reply.json<Record<string, unknown>>();
  assert.ok(typeof body.error === 'string' || typeof body.code === 'string', `Auth0 error shape: ${reply.text}`);
  assert.doesNotMatch(reply.text, /terminat|postgres|pg_|connection|ECONN/i, 'no database detail reaches the client');
}

describe('PostgreSQL connections terminated under load', { skip, timeout: 600_000 }, () => {
  let redis: PrivateRedis;
  let cluster: Cluster;
  let acme: Tenant;
  let turn = 0;
  const next = (): Node => cluster.nodes[turn++ % cluster.nodes.length];

  before(async () => {
    redis = await startPrivateRedis();
    cluster = await startCluster({
      size: 2,
      redisUrl: redis.url,
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

  const terminate = async () => {
    const killed = await admin(pgAdminUrl, (c) => c.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [cluster.db.name]));
    return killed.rowCount ?? 0;
  };

  it('signups: in-flight ones fail cleanly, later ones succeed, each user exists exactly once', async () => {
    const emails = Array.from({ length: SIGNUPS }, (_, i) => `user${i}@example.com`);
    const signup = (email: string) => next().send('/dbconnections/signup', { host: HOST, json: { client_id: acme.application.client_id, connection: 'Username-Password-Authentication', email, password: PASSWORD } })
      .catch((err: Error) => err);
    const failed: string[] = [];
    const terminated: number[] = [];
    await pool(emails, 6, async (email) => {
      const reply = await signup(email);
      if (reply instanceof Error || reply.status !== 200) {
        assertClean(reply);
        failed.push(email);
      }
    }, async (done) => {
      if (done === 25 || done === 70) terminated.push(await terminate());
    });
    assert.equal(terminated.length, 2);
    assert.ok(terminated.every((n) => n > 0), `every termination ended live connections (${terminated.join(', ')})`);
    // The application retries what failed: either it was not written (200 now) or it was (user_exists).
    for (const email of failed) {
      const retried = await signup(email);
      assert.ok(!(retried instanceof Error), String(retried));
      assert.ok(retried.status === 200 || (retried.status === 400 && retried.json<{ code: string }>().code === 'user_exists'), retried.text);
    }
    const rows = await admin(cluster.db.url, (c) => c.query('select email, count(*)::int as n from users where tenant_id = $1 group by email', [acme.tenant.id]));
    const byEmail = new Map(rows.rows.map((r: { email: string; n: number }) => [r.email, r.n]));
    for (const email of emails) assert.equal(byEmail.get(email), 1, `${email} exists exactly once`);
    assert.equal(rows.rowCount, SIGNUPS);
  });

  it('metadata writes: none lost after the connections are cut mid-way', async () => {
    const mgmt = await next().send('/oauth/token', { host: HOST, json: { grant_type: 'client_credentials', client_id: acme.management_api.client_id, client_secret: acme.management_api.client_secret, audience: `http://${HOST}/api/v2/` } });
    assert.equal(mgmt.status, 200, mgmt.text);
    const authorization = `Bearer ${mgmt.json<{ access_token: string }>().access_token}`;
    const userId = 'auth0|' + (await admin(cluster.db.url, (c) => c.query("select user_id from users where email = 'user0@example.com'"))).rows[0].user_id.replace(/^auth0\|/, '');
    const keys = Array.from({ length: METADATA_KEYS }, (_, i) => `k${i}`);
    const write = (key: string) => next().send(`/api/v2/users/${encodeURIComponent(userId)}`, { method: 'PATCH', host: HOST, headers: { authorization }, json: { user_metadata: { [key]: key } } })
      .catch((err: Error) => err);
    const failed: string[] = [];
    let killed = 0;
    await pool(keys, 4, async (key) => {
      const reply = await write(key);
      if (reply instanceof Error || reply.status !== 200) {
        assertClean(reply);
        failed.push(key);
      }
    }, async (done) => {
      if (done === 15) killed = await terminate();
    });
    assert.ok(killed > 0);
    for (const key of failed) {
      const retried = await write(key);
      assert.ok(!(retried instanceof Error) && retried.status === 200, retried instanceof Error ? String(retried) : retried.text);
    }
    const stored = await next().send(`/api/v2/users/${encodeURIComponent(userId)}`, { host: HOST, headers: { authorization } });
    assert.equal(stored.status, 200, stored.text);
    assert.deepEqual(stored.json<{ user_metadata: Record<string, string> }>().user_metadata, Object.fromEntries(keys.map((k) => [k, k])));
    // Redis was never involved in these writes; it is still there for the next test run's sake.
    const client = new Redis(redis.url);
    try {
      assert.equal(await client.ping(), 'PONG');
    } finally {
      client.disconnect();
    }
  });
});
