import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../src/storage/database.ts';
import { createExecutionLogQueries } from '../../src/storage/execution-logs.ts';
import { createTenantQueries } from '../../src/storage/tenants.ts';
import { dialects } from '../helpers/dialects.ts';

for (const dialect of await dialects()) {
  describe(`execution logs on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: Database;
    let tenantId: string;
    before(async () => {
      database = await dialect.openMigrated();
      tenantId = (await createTenantQueries(database).create({ name: 'acme' })).id;
    });
    after(async () => { await database?.close(); });

    test('insert and find', async () => {
      const logs = createExecutionLogQueries(database, tenantId);
      const e = await logs.insert({
        type: 'custom-db:login', code_id: 'con_1@3', outcome: 'ok', duration_ms: 12.6,
        logs: [{ level: 'log', message: 'hello' }], details: { user: 'auth0|1' },
      });
      assert.match(e.id, /^log_/);
      assert.equal(e.duration_ms, 13);
      assert.deepEqual(await logs.find(e.id), e);
    });

    test('list newest first, filters, paging with before, retention', async () => {
      const logs = createExecutionLogQueries(database, tenantId);
      const base = Date.parse('2026-01-01T00:00:00.000Z');
      for (let i = 0; i < 5; i++) {
        await logs.insert({
          type: i % 2 ? 'action:post-login' : 'custom-db:get_user', code_id: `c${i % 2}`, outcome: 'ok', duration_ms: i,
          created_at: new Date(base + i * 60_000).toISOString(), id: `log_fixed_${i}`,
        });
      }
      const all = await logs.list({ code_id: 'c0' });
      assert.deepEqual(all.map((e) => e.id), ['log_fixed_4', 'log_fixed_2', 'log_fixed_0']);
      const actions = await logs.list({ type: 'action:post-login' });
      assert.deepEqual(actions.map((e) => e.id), ['log_fixed_3', 'log_fixed_1']);
      const page = await logs.list({ code_id: 'c0', before: all[0].created_at, limit: 1 });
      assert.deepEqual(page.map((e) => e.id), ['log_fixed_2']);
      assert.equal(await logs.deleteOlderThan(new Date(base + 2 * 60_000).toISOString()), 2);
      assert.equal(await logs.find('log_fixed_1'), undefined);
      assert.ok(await logs.find('log_fixed_2'));
    });
  });
}
