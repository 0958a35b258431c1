// A legacy HTTP API (a small node:http server started here) reached by scripts with fetch and
// AbortSignal.timeout; when it is down, logins fail with Auth0's generic error and the detail
// is only in the tenant's execution log.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { claims, fixtureScripts, gatehouseDialects, type World } from './support.ts';

const API_KEY = 'legacy-api-key-7f3a9c';
const people = new Map([['kim@example.com', { id: 'api-7', email: 'kim@example.com', name: 'Kim Legacy', password: 'kim-api-pw' }]]);

function startApi(): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${API_KEY}`) return res.writeHead(403).end();
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'GET' && url.pathname === '/users') {
      const person = people.get(url.searchParams.get('email') ?? '');
      return person ? res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(person)) : res.writeHead(404).end();
    }
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const { email, password } = JSON.parse(body) as { email: string; password: string };
      const person = people.get(email);
      if (!person || person.password !== password) return res.writeHead(401).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: person.id, email: person.email, name: person.name }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

for (const dialect of await gatehouseDialects()) {
  describe(`a legacy HTTP API, Gatehouse on ${dialect.name}`, { skip: dialect.skip }, () => {
    let world: World;
    let api: Server;
    let apiUrl: string;

    before(async () => {
      api = await startApi();
      apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
      world = await dialect.start();
      await world.save('legacy-api', await fixtureScripts('http-api'), { configuration: { API_URL: apiUrl, API_KEY, API_TIMEOUT_MS: '3000' } });
    });
    after(async () => {
      await world?.close();
      await new Promise((resolve) => api?.close(resolve));
    });

    test('login through the API with fetch; the API key never reaches the log', async () => {
      const res = await world.login('legacy-api', 'kim@example.com', 'kim-api-pw');
      assert.equal(res.status, 200, res.text);
      assert.equal(claims(res.json().id_token).sub, 'auth0|api-7');
      assert.equal(claims(res.json().id_token).name, 'Kim Legacy');
      assert.equal((await world.login('legacy-api', 'kim@example.com', 'bad')).status, 403);
      assert.doesNotMatch(JSON.stringify(await world.executions()), new RegExp(API_KEY));
    });

    test('API down: 500 server_error with no detail to the client; "unreachable" only in the execution log', async () => {
      await new Promise((resolve) => api.close(resolve));
      api.closeAllConnections();
      const res = await world.login('legacy-api', 'kim@example.com', 'kim-api-pw');
      assert.equal(res.status, 500);
      assert.equal(res.json().error, 'server_error');
      assert.doesNotMatch(res.text, /unreachable|127\.0\.0\.1/);
      const last = (await world.executions('login')).at(-1)!;
      assert.equal(last.outcome, 'user-error');
      assert.match(String((last.details.error as { message: string }).message), /legacy API unreachable/);
    });
  });
}
