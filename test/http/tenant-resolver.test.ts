import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fastify } from 'fastify';
import { installTenantResolver } from '../../src/http/tenant-resolver.ts';
import type { Tenant, TenantQueries } from '../../src/storage/index.ts';

function fakeTenants(table: Map<string, Tenant>): { queries: TenantQueries; lookups: string[] } {
  const lookups: string[] = [];
  const queries = {
    findByHostname: async (host: string) => { lookups.push(host); return table.get(host); },
  } as unknown as TenantQueries;
  return { queries, lookups };
}

async function app(queries: TenantQueries, clock: { t: number }, ttlMs = 1000) {
  const server = fastify();
  installTenantResolver(server, queries, { ttlMs, now: () => clock.t });
  server.setErrorHandler((err, _req, reply) => reply.code(404).send({ code: (err as { code?: string }).code }));
  server.get('/', async (request) => ({ tenant: request.tenant.name }));
  return server;
}

const acme: Tenant = { id: 'ten_1', name: 'acme', created_at: '2026-01-01T00:00:00.000Z', hostnames: ['acme.test'] };

test('a found tenant is reused within the TTL and looked up again after it', async () => {
  const clock = { t: 0 };
  const { queries, lookups } = fakeTenants(new Map([['acme.test', acme]]));
  const server = await app(queries, clock);
  for (const host of ['acme.test', 'ACME.test:8443', 'acme.test']) {
    assert.equal((await server.inject({ url: '/', headers: { host } })).json().tenant, 'acme');
  }
  assert.equal(lookups.length, 1, 'one database lookup for three requests, port and case ignored');
  clock.t = 1001;
  await server.inject({ url: '/', headers: { host: 'acme.test' } });
  assert.equal(lookups.length, 2, 'expired entries are looked up again');
});

test('unknown hosts are never cached, so a tenant added later is served at once', async () => {
  const clock = { t: 0 };
  const table = new Map<string, Tenant>();
  const { queries, lookups } = fakeTenants(table);
  const server = await app(queries, clock);
  assert.equal((await server.inject({ url: '/', headers: { host: 'acme.test' } })).json().code, 'TENANT_NOT_FOUND');
  table.set('acme.test', acme);
  assert.equal((await server.inject({ url: '/', headers: { host: 'acme.test' } })).json().tenant, 'acme');
  assert.equal(lookups.length, 2);
});

test('ttlMs 0 asks the database every time', async () => {
  const clock = { t: 0 };
  const { queries, lookups } = fakeTenants(new Map([['acme.test', acme]]));
  const server = await app(queries, clock, 0);
  await server.inject({ url: '/', headers: { host: 'acme.test' } });
  await server.inject({ url: '/', headers: { host: 'acme.test' } });
  assert.equal(lookups.length, 2);
});
