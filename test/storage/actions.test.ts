import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../src/storage/database.ts';
import { createActionBindingQueries } from '../../src/storage/action-bindings.ts';
import { createActionCacheEntryQueries } from '../../src/storage/action-cache-entries.ts';
import { createActionModuleQueries } from '../../src/storage/action-modules.ts';
import { createActionModuleVersionQueries } from '../../src/storage/action-module-versions.ts';
import { createActionQueries } from '../../src/storage/actions.ts';
import { createActionVersionQueries } from '../../src/storage/action-versions.ts';
import { createTenantQueries } from '../../src/storage/tenants.ts';
import { isGatehouseError } from '../../src/errors/index.ts';
import { dialects } from '../helpers/dialects.ts';

const trigger = { id: 'post-login', version: 'v3' };

for (const dialect of await dialects()) {
  describe(`actions storage on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: Database;
    let tenantId: string;
    let otherTenant: string;
    before(async () => {
      database = await dialect.openMigrated();
      tenantId = (await createTenantQueries(database).create({ name: 'acme' })).id;
      otherTenant = (await createTenantQueries(database).create({ name: 'other' })).id;
    });
    after(async () => { await database?.close(); });

    test('a draft: create, unique name per tenant, update bumps the revision', async () => {
      const actions = createActionQueries(database, tenantId);
      const a = await actions.create({ name: 'add-claims', trigger, code: 'exports.x = 1;', runtime: 'node22', dependencies: [{ name: 'lodash', version: '4.17.21' }] });
      assert.equal(a.revision, 1);
      assert.deepEqual(a.supported_triggers, [trigger]);
      await assert.rejects(actions.create({ name: 'add-claims', trigger, code: '', runtime: 'node22' }), (e) => isGatehouseError(e) && e.code === 'MGMT_CONFLICT');
      await createActionQueries(database, otherTenant).create({ name: 'add-claims', trigger, code: '', runtime: 'node22' });
      const updated = await actions.update(a.id, { code: 'exports.y = 2;' });
      assert.equal(updated?.code, 'exports.y = 2;');
      assert.equal(updated?.revision, 2);
      await actions.touch(a.id);
      assert.equal((await actions.find(a.id))?.revision, 3);
      assert.equal(await createActionQueries(database, otherTenant).find(a.id), undefined);
    });

    test('versions are numbered per Action and only the newest is deployed', async () => {
      const actions = createActionQueries(database, tenantId);
      const versions = createActionVersionQueries(database, tenantId);
      const a = await actions.create({ name: 'versioned', trigger, code: 'v1', runtime: 'node22' });
      const input = { action_id: a.id, trigger, dependencies: [], runtime: 'node22', modules: [], draft_revision: 1, built_at: new Date().toISOString() };
      const v1 = await versions.createDeployed({ ...input, code: 'v1' });
      const v2 = await versions.createDeployed({ ...input, code: 'v2' });
      assert.deepEqual([v1.number, v2.number], [1, 2]);
      assert.equal(v2.secrets_ref, v2.id);
      assert.deepEqual((await versions.list(a.id)).map((v) => [v.number, v.deployed]), [[2, true], [1, false]]);
      assert.equal((await versions.deployed(a.id))?.code, 'v2');
    });

    test('bindings: replaced as a whole, the flow joins deployed versions in order', async () => {
      const actions = createActionQueries(database, tenantId);
      const versions = createActionVersionQueries(database, tenantId);
      const bindings = createActionBindingQueries(database, tenantId);
      const first = await actions.create({ name: 'first', trigger, code: 'f', runtime: 'node22' });
      const second = await actions.create({ name: 'second', trigger, code: 's', runtime: 'node22' });
      const input = { trigger, dependencies: [], runtime: 'node22', modules: [], draft_revision: 1, built_at: new Date().toISOString() };
      await versions.createDeployed({ ...input, action_id: first.id, code: 'f1' });
      await versions.createDeployed({ ...input, action_id: second.id, code: 's1' });
      await versions.createDeployed({ ...input, action_id: second.id, code: 's2' });
      await bindings.replace('post-login', [{ action_id: first.id, display_name: 'first' }]);
      const listed = await bindings.replace('post-login', [{ action_id: second.id, display_name: 'Second' }, { action_id: first.id, display_name: 'first' }]);
      assert.deepEqual(listed.map((b) => [b.position, b.action_name, b.display_name]), [[0, 'second', 'Second'], [1, 'first', 'first']]);
      const flow = await bindings.flow('post-login');
      assert.deepEqual(flow.map((s) => [s.action_name, s.version.code, s.version.number]), [['second', 's2', 2], ['first', 'f1', 1]]);
      assert.deepEqual(await bindings.triggersOf(first.id), ['post-login']);
      assert.deepEqual(await createActionBindingQueries(database, otherTenant).flow('post-login'), []);
    });

    test('module versions are numbered and immutable', async () => {
      const modules = createActionModuleQueries(database, tenantId);
      const moduleVersions = createActionModuleVersionQueries(database, tenantId);
      const m = await modules.create({ name: 'helpers', code: 'module.exports = 1;' });
      const v1 = await moduleVersions.create({ module_id: m.id, code: 'module.exports = 1;', dependencies: [] });
      await modules.update(m.id, { code: 'module.exports = 2;' });
      const v2 = await moduleVersions.create({ module_id: m.id, code: 'module.exports = 2;', dependencies: [] });
      assert.deepEqual([v1.number, v2.number], [1, 2]);
      assert.equal((await moduleVersions.find(v1.id))?.code, 'module.exports = 1;');
      assert.equal((await moduleVersions.findByNumber(m.id, 2))?.id, v2.id);
      assert.equal((await modules.findByName('helpers'))?.code, 'module.exports = 2;');
    });

    test('cache entries: set, overwrite, delete, expiry, per trigger and tenant', async () => {
      const cache = createActionCacheEntryQueries(database, tenantId);
      const t0 = 1_000_000;
      await cache.apply('post-login', [
        { op: 'set', key: 'a', value: '1', expires_at: t0 + 100 },
        { op: 'set', key: 'b', value: '2', expires_at: t0 + 10 },
        { op: 'set', key: 'a', value: '3', expires_at: t0 + 200 },
      ], t0);
      await cache.apply('credentials-exchange', [{ op: 'set', key: 'c', value: 'x', expires_at: t0 + 100 }], t0);
      const live = (await cache.live('post-login', t0 + 50)).sort((x, y) => x.key.localeCompare(y.key));
      assert.deepEqual(live, [{ key: 'a', value: '3', expires_at: t0 + 200 }]);
      await cache.apply('post-login', [{ op: 'delete', key: 'a' }], t0 + 50);
      assert.deepEqual(await cache.live('post-login', t0), []);
      assert.equal((await cache.live('credentials-exchange', t0)).length, 1);
      assert.deepEqual(await createActionCacheEntryQueries(database, otherTenant).live('credentials-exchange', t0), []);
    });
  });
}
