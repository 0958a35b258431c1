import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { maybeSweep, sweepExpired, SWEEP_ONE_IN } from '../../src/protocol/housekeeping.ts';
import {
  createAuthorizationCodeQueries, createClientQueries, createLoginTransactionQueries, createSecretBox, createSessionQueries,
  createTenantQueries, createUserQueries, type Database,
} from '../../src/storage/index.ts';
import { dialects } from '../helpers/dialects.ts';

const box = createSecretBox(randomBytes(32));
const DAY = 86_400_000;

for (const dialect of await dialects()) {
  describe(`sweeping expired protocol state on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: Database;
    before(async () => { database = await dialect.openMigrated(); });
    after(async () => { await database?.close(); });

    test('expired transactions and sessions go; codes stay a grace period so replays are still recognised', async () => {
      const tenantId = (await createTenantQueries(database).create({ name: 'sweep' })).id;
      const other = (await createTenantQueries(database).create({ name: 'sweep-other' })).id;
      for (const t of [tenantId, other]) {
        await createClientQueries(database, box, t).create({ name: 'app', app_type: 'regular_web', client_id: 'c' });
        await createUserQueries(database, t).create({ connection: 'db', user_id: 'auth0|u', email: 'u@example.com' });
      }
      const iso = (offset: number) => new Date(Date.now() + offset).toISOString();
      const tx = (id: string, expires: string) => ({
        id, client_id: 'c', redirect_uri: 'https://a/cb', redirect_uri_explicit: true, response_type: 'code', response_mode: 'query',
        scope: 'openid', state: null, nonce: null, audience: null, code_challenge: null, code_challenge_method: null, prompt: null,
        max_age: null, connection: null, login_hint: null, screen_hint: null, query: {}, browser_hash: 'b', expires_at: expires,
      });
      const code = (hash: string, expires: string) => ({
        code_hash: hash, client_id: 'c', user_id: 'auth0|u', redirect_uri: null, scope: 'openid', audience: null, nonce: null,
        code_challenge: null, code_challenge_method: null, sid: 's', auth_time: iso(0), expires_at: expires,
      });
      const session = (hash: string, expires: string) => ({
        id_hash: hash, sid: hash, user_id: 'auth0|u', connection: 'db', auth_method: 'pwd', authenticated_at: iso(0), expires_at: expires,
      });
      for (const t of [tenantId, other]) {
        await createLoginTransactionQueries(database, t).create(tx('old', iso(-1000)));
        await createLoginTransactionQueries(database, t).create(tx('live', iso(60_000)));
        await createAuthorizationCodeQueries(database, t).create(code('recent', iso(-DAY)));
        await createAuthorizationCodeQueries(database, t).create(code('ancient', iso(-31 * DAY)));
        await createSessionQueries(database, t).create(session('gone', iso(-1000)));
        await createSessionQueries(database, t).create(session('alive', iso(DAY)));
      }

      const result = await sweepExpired(database, tenantId);
      assert.deepEqual(result, { loginTransactions: 1, authorizationCodes: 1, sessions: 1, refreshTokens: 0 });
      assert.ok(await createLoginTransactionQueries(database, tenantId).find('live'));
      assert.equal(await createLoginTransactionQueries(database, tenantId).find('old'), undefined);
      assert.ok(await createAuthorizationCodeQueries(database, tenantId).find('recent'), 'kept to recognise a replay');
      assert.ok(await createSessionQueries(database, tenantId).find('alive'));
      assert.ok(await createLoginTransactionQueries(database, other).find('old'), 'other tenants untouched');
    });

    test('maybeSweep runs about one time in SWEEP_ONE_IN and reports failures instead of throwing', async () => {
      const failures: unknown[] = [];
      // A database that fails every statement: the sweep's failure must reach onError only.
      const broken = { ...database, db: { deleteFrom() { throw new Error('boom'); } } } as unknown as Database;
      maybeSweep(broken, 't', (err) => failures.push(err), () => (SWEEP_ONE_IN - 1) / SWEEP_ONE_IN + 0.0001);
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(failures.length, 0, 'not this time: nothing ran');
      maybeSweep(broken, 't', (err) => failures.push(err), () => 0);
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(failures.length, 1);
      assert.match(String((failures[0] as Error).message), /boom/);
    });
  });
}
