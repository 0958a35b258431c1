import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyRequest } from 'fastify';
import { eventRequest, visibleBody } from '../../../src/flows/actions/index.ts';

const fake = (over: Partial<FastifyRequest>): FastifyRequest => ({
  ip: '203.0.113.7', method: 'POST', query: {}, body: undefined,
  headers: { host: 'Acme.Localhost:3000', 'user-agent': 'UA/1.0', 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.8' },
  ...over,
}) as unknown as FastifyRequest;

test('credentials never reach an Action through event.request.body', () => {
  const body = visibleBody({
    grant_type: 'password', username: 'ada@example.com', password: 'hunter2', client_secret: 's3cret', refresh_token: 'rt', code: 'c',
    code_verifier: 'v', client_assertion: 'a', _csrf: 'x', 'password-confirm': 'hunter2', audience: 'https://api',
  });
  assert.deepEqual(body, { grant_type: 'password', username: 'ada@example.com', audience: 'https://api' });
  assert.equal(visibleBody('a string'), undefined);
  assert.equal(visibleBody([1, 2]), undefined);
});

test('hostname without port, lower case; language is the first preference; geoip empty, not missing', () => {
  const r = eventRequest(fake({ query: { prompt: 'none', custom_param: 'x', n: 5 } as never }));
  assert.equal(r.hostname, 'acme.localhost');
  assert.equal(r.language, 'fr-CA');
  assert.equal(r.user_agent, 'UA/1.0');
  assert.equal(r.ip, '203.0.113.7');
  assert.equal(r.method, 'POST');
  assert.deepEqual(r.query, { prompt: 'none', custom_param: 'x' }, 'only string parameters');
  assert.deepEqual(r.geoip, {});
  assert.equal('body' in r, false, 'no body unless asked for');
});

test('the /authorize query can stand in for the page request; body and relayed ip on request', () => {
  const r = eventRequest(fake({ query: { state: 'page' } as never, body: { username: 'u', password: 'p' } as never }), {
    query: { client_id: 'abc', ui_locales: 'de' }, body: true, ip: '198.51.100.1',
  });
  assert.deepEqual(r.query, { client_id: 'abc', ui_locales: 'de' });
  assert.deepEqual(r.body, { username: 'u' });
  assert.equal(r.ip, '198.51.100.1');
});
