import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createExecutionLogQueries } from '../../src/storage/index.ts';
import { backends, startManagementServer, type ManagementServer } from './support.ts';

for (const backend of await backends()) {
  describe(`Management API clients, resource servers, client grants, logs and keys on ${backend.name}`, { skip: backend.skip }, () => {
    let m: ManagementServer;
    before(async () => { m = await startManagementServer(backend.name); });
    after(async () => { await m?.close(); });

    test('clients: create (secret shown), read without read:client_keys hides it, patch merges, extras round-trip, delete', async () => {
      const res = await m.api('POST', '/clients', { body: {
        name: 'Billing', app_type: 'non_interactive', grant_types: ['client_credentials'], oidc_conformant: true,
        jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 36000 }, client_metadata: { team: 'billing' },
      } });
      assert.equal(res.status, 201, res.text);
      const created = res.json();
      assert.ok(created.client_secret.length >= 32);
      assert.deepEqual(created.jwt_configuration, { alg: 'RS256', lifetime_in_seconds: 36000 });
      const reader = await m.token({ scopes: ['read:clients'] });
      const read = (await m.api('GET', `/clients/${created.client_id}`, { token: reader })).json();
      assert.equal(read.client_secret, undefined);
      assert.equal(read.oidc_conformant, true);
      const patched = (await m.api('PATCH', `/clients/${created.client_id}`, { body: { description: 'Invoices', sso_disabled: true } })).json();
      assert.equal(patched.description, 'Invoices');
      assert.equal(patched.oidc_conformant, true, 'extras not sent are kept');
      assert.equal(patched.sso_disabled, true);
      assert.equal((await m.api('POST', '/clients', { body: { name: 'x', app_type: 'rms' } })).status, 400);
      assert.equal((await m.api('POST', '/clients', { body: { name: 'x', callbacks: 'https://a' } })).status, 400);
      assert.equal((await m.api('DELETE', `/clients/${created.client_id}`)).status, 204);
      assert.equal((await m.api('GET', `/clients/${created.client_id}`)).status, 404);
    });

    test('resource servers list the system Management API; CRUD of an API; client grants for it and for the Management API', async () => {
      const list = (await m.api('GET', '/resource-servers')).json();
      assert.deepEqual(list.filter((r: { is_system: boolean }) => r.is_system).map((r: { identifier: string }) => r.identifier), ['http://localhost/api/v2/']);
      const api = (await m.api('POST', '/resource-servers', { body: { identifier: 'https://billing.example/', name: 'Billing', scopes: [{ value: 'read:invoices' }], token_lifetime_for_web: 7200 } })).json();
      assert.equal(api.token_lifetime_for_web, 7200);
      const client = (await m.api('POST', '/clients', { body: { name: 'M2M', app_type: 'non_interactive' } })).json();
      const grant = await m.api('POST', '/client-grants', { body: { client_id: client.client_id, audience: api.identifier, scope: ['read:invoices'] } });
      assert.equal(grant.status, 201, grant.text);
      const mgmt = await m.api('POST', '/client-grants', { body: { client_id: client.client_id, audience: 'http://localhost/api/v2/', scope: ['read:users'] } });
      assert.equal(mgmt.status, 201, mgmt.text);
      assert.equal(mgmt.json().audience, 'http://localhost/api/v2/');
      const tokenRes = await m.server.request('/oauth/token', { body: { grant_type: 'client_credentials', client_id: client.client_id, client_secret: client.client_secret, audience: 'http://localhost/api/v2/' } });
      const token = tokenRes.json().access_token as string;
      assert.equal((await m.api('GET', '/users', { token })).status, 200, 'the new grant gives a working Management API token');
      assert.equal((await m.api('GET', '/clients', { token })).status, 403);
      const filtered = (await m.api('GET', `/client-grants?client_id=${client.client_id}&include_totals=true`)).json();
      assert.equal(filtered.total, 2);
      const updated = (await m.api('PATCH', `/client-grants/${mgmt.json().id}`, { body: { scope: ['read:users', 'read:clients'] } })).json();
      assert.deepEqual(updated.scope, ['read:users', 'read:clients']);
      assert.equal((await m.api('POST', '/client-grants', { body: { client_id: client.client_id, audience: 'https://nowhere.example/', scope: [] } })).status, 404);
      assert.equal((await m.api('PATCH', '/resource-servers/rs_management_api', { body: { name: 'mine' } })).status, 403);
      assert.equal((await m.api('DELETE', `/resource-servers/${api.id}`)).status, 204);
      assert.equal((await m.api('GET', `/client-grants?client_id=${client.client_id}`)).json().length, 1, 'the deleted API\'s grant went with it');
    });

    test('logs: execution logs with paging, newest first; one entry by id', async () => {
      const logs = createExecutionLogQueries(m.server.database, m.tenantId);
      for (let i = 0; i < 3; i++) {
        await logs.insert({ type: 'custom-db:login', code_id: 'con_x', outcome: 'ok', duration_ms: i, logs: [{ level: 'info', message: `line ${i}` }], created_at: `2026-01-01T00:00:0${i}.000Z` });
      }
      const page = (await m.api('GET', '/logs?per_page=2&page=0&include_totals=true')).json();
      assert.ok(page.total >= 3);
      assert.equal(page.logs.length, 2);
      const all = (await m.api('GET', '/logs?q=type%3Acustom-db%3Alogin&per_page=50')).json();
      assert.deepEqual(all.map((l: { details: { duration_ms: number } }) => l.details.duration_ms), [2, 1, 0]);
      const one = (await m.api('GET', `/logs/${all[0].log_id}`)).json();
      assert.deepEqual(one.details.logs, [{ level: 'info', message: 'line 2' }]);
      const next = (await m.api('GET', `/logs?from=${all[0].log_id}&take=5&q=type%3Acustom-db%3Alogin`)).json();
      assert.deepEqual(next.map((l: { details: { duration_ms: number } }) => l.details.duration_ms), [1, 0]);
    });

    test('keys: list signing keys and rotate them; the old key stays published as previous', async () => {
      await m.token();
      const before = (await m.api('GET', '/keys/signing')).json();
      const current = before.find((k: { current: boolean }) => k.current);
      const next = before.find((k: { next: boolean }) => k.next);
      assert.match(current.cert, /BEGIN PUBLIC KEY/);
      const rotated = await m.api('POST', '/keys/signing/rotate');
      assert.equal(rotated.status, 201, rotated.text);
      assert.equal(rotated.json().kid, next.kid);
      const after = (await m.api('GET', '/keys/signing')).json();
      assert.equal(after.find((k: { kid: string }) => k.kid === current.kid).previous, true);
      assert.equal(after.find((k: { kid: string }) => k.kid === next.kid).current, true);
      assert.equal((await m.api('GET', '/keys/signing', { token: await m.token({ scopes: ['read:users'] }) })).status, 403);
    });
  });
}
