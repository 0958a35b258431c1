import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { GatehouseError } from '../../../src/errors/index.ts';
import type { SuspendedFlow } from '../../../src/extensibility/actions/index.ts';
import { resumeFlow, suspendFlow, MAX_SUSPENDED_MS } from '../../../src/flows/actions/index.ts';
import { createSecretBox, createTenantQueries, type Database, type SecretBox } from '../../../src/storage/index.ts';
import { dialects } from '../../helpers/dialects.ts';

function suspended(tenantId: string, state: string, at: number, ttl = MAX_SUSPENDED_MS): SuspendedFlow {
  return {
    v: 1, tenantId, trigger: 'post-login', event: { secrets: undefined, user: { user_id: 'auth0|1' } }, bindings: [{ actionId: 'act_1', versionId: 'ver_1' }],
    index: 0, effects: {
      idTokenClaims: {}, accessTokenClaims: {}, addedScopes: [], removedScopes: [], userMetadata: null, appMetadata: null,
      multifactor: null, authenticationMethods: [], transactionMetadata: { step: 'terms' }, userId: null,
    },
    suspendedAt: at, expiresAt: at + ttl, state,
  };
}

const invalid = (err: unknown) => err instanceof GatehouseError && err.code === 'ACTIONS_CONTINUE_INVALID';

for (const dialect of await dialects()) {
  describe(`suspended Action flows on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: Database;
    let box: SecretBox;
    let tenantId: string;
    let time = Date.parse('2026-01-01T00:00:00Z');
    const deps = () => ({ database, box, now: () => new Date(time) });
    const newState = () => randomBytes(24).toString('base64url');

    before(async () => {
      database = await dialect.openMigrated();
      box = createSecretBox(randomBytes(32));
      tenantId = (await createTenantQueries(database).create({ name: 'flows', hostnames: ['flows.localhost'] })).id;
    });
    after(() => database?.close());

    async function park(state: string, sid: string | null = 'sid-1', ttl?: number) {
      await suspendFlow(deps(), { tenantId, suspended: suspended(tenantId, state, time, ttl), browserHash: 'browser-a', sid, finish: { clientId: 'c1', userId: 'auth0|1' } });
    }

    test('resumes once, in the browser and session that started it, with what was stored', async () => {
      const state = newState();
      await park(state);
      const flow = await resumeFlow(deps(), { tenantId, state, browserHash: 'browser-a', sid: 'sid-1' });
      assert.equal(flow.suspended.state, state);
      assert.deepEqual(flow.suspended.effects.transactionMetadata, { step: 'terms' });
      assert.deepEqual(flow.finish, { clientId: 'c1', userId: 'auth0|1' });
      await assert.rejects(resumeFlow(deps(), { tenantId, state, browserHash: 'browser-a', sid: 'sid-1' }), invalid, 'a replay is refused');
    });

    test('another browser or another session is refused and does not spend the state', async () => {
      const state = newState();
      await park(state);
      await assert.rejects(resumeFlow(deps(), { tenantId, state, browserHash: 'browser-b', sid: 'sid-1' }), invalid);
      await assert.rejects(resumeFlow(deps(), { tenantId, state, browserHash: undefined, sid: 'sid-1' }), invalid);
      await assert.rejects(resumeFlow(deps(), { tenantId, state, browserHash: 'browser-a', sid: 'sid-2' }), invalid);
      await assert.rejects(resumeFlow(deps(), { tenantId, state, browserHash: 'browser-a', sid: null }), invalid);
      const flow = await resumeFlow(deps(), { tenantId, state, browserHash: 'browser-a', sid: 'sid-1' });
      assert.equal(flow.suspended.state, state);
    });

    test('a request without a session cookie (a cross-site POST) is bound by the browser cookie alone', async () => {
      const state = newState();
      await park(state);
      await assert.rejects(resumeFlow(deps(), { tenantId, state, browserHash: 'browser-b', sid: undefined }), invalid);
      const flow = await resumeFlow(deps(), { tenantId, state, browserHash: 'browser-a', sid: undefined });
      assert.equal(flow.suspended.state, state);
    });

    test('expires after 15 minutes even when the engine proposes longer', async () => {
      const state = newState();
      await park(state, 'sid-1', 24 * 3600_000);
      time += MAX_SUSPENDED_MS + 1000;
      await assert.rejects(resumeFlow(deps(), { tenantId, state, browserHash: 'browser-a', sid: 'sid-1' }), invalid);
    });

    test('unknown, missing and malformed states are refused; other tenants see nothing', async () => {
      const state = newState();
      await park(state);
      for (const bad of [undefined, '', 'short', `${state}'--`, newState()]) {
        await assert.rejects(resumeFlow(deps(), { tenantId, state: bad, browserHash: 'browser-a', sid: 'sid-1' }), invalid, String(bad));
      }
      const other = (await createTenantQueries(database).create({ name: 'other', hostnames: ['other.localhost'] })).id;
      await assert.rejects(resumeFlow(deps(), { tenantId: other, state, browserHash: 'browser-a', sid: 'sid-1' }), invalid);
    });

    test('stored sealed: neither the state nor the flow is readable in the table', async () => {
      const state = newState();
      await park(state);
      const rows = await database.db.selectFrom('action_flow_states').selectAll().execute();
      const dump = JSON.stringify(rows);
      assert.ok(!dump.includes(state), 'the state itself is not stored');
      assert.ok(!dump.includes('terms') && !dump.includes('auth0|1'), 'the flow is sealed');
    });
  });
}
