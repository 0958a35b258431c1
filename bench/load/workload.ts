// The mixed workload: password-realm logins through a custom database script that checks bcrypt
// hashes from its legacy store, refresh grants (with rotation: each worker keeps its latest
// token), client-credentials grants, and on every login and refresh the post-login flow of three
// Actions that read and write api.cache. Set up through the CLI and the Management API.
import { mkdir, writeFile } from 'node:fs/promises';
import { Agent } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dependenciesForScript } from '../../src/runtime/modules/default-allowlist.ts';
import { installDependencySet } from '../../src/runtime/modules/install.ts';
import { moduleSetDir } from '../../src/runtime/modules/module-set.ts';
import type { Deployment } from './deployments.ts';
import { moduleCache } from './deployments.ts';
import { send, type Answer, type RequestType } from './driver.ts';

export const HOST = 'acme.load';
const USERS = 20;
const PASSWORD = 'Legacy-passw0rd';
/** bcrypt cost of the legacy hashes: 8 (~20 ms per check in bcryptjs) keeps a 2-core run meaningful. */
const BCRYPT_COST = 8;

const loginScript = (hashes: Record<string, string>) => `function login(email, password, callback) {
  const bcrypt = require('bcryptjs');
  // The legacy store: email -> bcrypt hash, as a legacy users table would hold them.
  const store = ${JSON.stringify(hashes)};
  const hash = store[email];
  if (!hash) return callback(new WrongUsernameOrPasswordError(email));
  bcrypt.compare(password, hash, function (err, ok) {
    if (err) return callback(err);
    if (!ok) return callback(new WrongUsernameOrPasswordError(email));
    callback(null, { user_id: email.split('@')[0], email: email, email_verified: true });
  });
}`;

const cacheAction = (n: number) => `exports.onExecutePostLogin = async (event, api) => {
  const hit = api.cache.get('entry-${n}');
  if (!hit) api.cache.set('entry-${n}', String(Date.now()), { ttl: 60000 });
  api.accessToken.setCustomClaim('https://load.gatehouse/a${n}', hit ? 'hit' : 'miss');
};`;

interface Tenant {
  application: { client_id: string; client_secret: string };
  management_api: { client_id: string; client_secret: string };
}

export interface Workload {
  readonly types: RequestType[];
  /** Per worker: obtains the refresh token the worker rotates. */
  prepare(workers: number): Promise<void>;
}

async function legacyHashes(): Promise<Record<string, string>> {
  const deps = dependenciesForScript("require('bcryptjs')");
  await installDependencySet(moduleCache, deps);
  const require = createRequire(join(moduleSetDir(moduleCache, deps), 'node_modules', 'index.js'));
  const bcrypt = require('bcryptjs') as { hashSync(p: string, cost: number): string };
  const hashes: Record<string, string> = {};
  for (let i = 0; i < USERS; i += 1) hashes[`legacy${i}@example.com`] = bcrypt.hashSync(PASSWORD, BCRYPT_COST);
  return hashes;
}

export async function setUpWorkload(deployment: Deployment): Promise<Workload> {
  const created = await deployment.cli(['tenant', 'create', 'acme', '--hostname', HOST, '--json']);
  if (created.status !== 0) throw new Error(`tenant create failed: ${created.stderr}`);
  const acme = JSON.parse(created.stdout) as Tenant;
  const dir = join(tmpdir(), `gh-load-scripts-${process.pid}-${deployment.name}`);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'login.js'), loginScript(await legacyHashes()));
  const saved = await deployment.cli(['connection', 'set-scripts', '--tenant', 'acme', '--name', 'legacy', '--dir', dir]);
  if (saved.status !== 0) throw new Error(`set-scripts failed: ${saved.stderr}`);

  const agent = new Agent({ keepAlive: true });
  const port = deployment.ports[0];
  const call = (path: string, init: { method?: 'POST' | 'PATCH'; form?: Record<string, string>; json?: unknown }, authorization?: string) =>
    send(agent, port, HOST, { method: init.method ?? 'POST', path, form: init.form, json: init.json }, authorization);
  const mgmt = await call('/oauth/token', { json: { grant_type: 'client_credentials', client_id: acme.management_api.client_id, client_secret: acme.management_api.client_secret, audience: `http://${HOST}/api/v2/` } });
  if (mgmt.status !== 200) throw new Error(`management token: ${mgmt.status} ${mgmt.text}`);
  const bearer = `Bearer ${(JSON.parse(mgmt.text) as { access_token: string }).access_token}`;
  const bindings = [];
  for (let n = 1; n <= 3; n += 1) {
    const action = await call('/api/v2/actions/actions', { json: { name: `cache-${n}`, supported_triggers: [{ id: 'post-login', version: 'v3' }], code: cacheAction(n), deploy: true } }, bearer);
    if (action.status !== 201) throw new Error(`create action: ${action.status} ${action.text}`);
    bindings.push({ ref: { type: 'action_id', value: (JSON.parse(action.text) as { id: string }).id }, display_name: `cache-${n}` });
  }
  const patched = await call('/api/v2/actions/triggers/post-login/bindings', { method: 'PATCH', json: { bindings } }, bearer);
  if (patched.status !== 200) throw new Error(`bindings: ${patched.status} ${patched.text}`);
  agent.destroy();

  const app = acme.application;
  const refreshTokens: string[] = [];
  const loginForm = (i: number, extra: Record<string, string> = {}) => ({
    grant_type: 'http://auth0.com/oauth/grant-type/password-realm', realm: 'legacy', username: `legacy${i % USERS}@example.com`, password: PASSWORD,
    client_id: app.client_id, client_secret: app.client_secret, scope: 'openid', ...extra,
  });
  const tokenOk = (answer: Answer) => answer.status === 200 && answer.text.includes('"access_token"');
  // A login or refresh counts only if the three Actions ran: each left its claim in the access token.
  const actionsRan = (answer: Answer) => {
    if (!tokenOk(answer)) return false;
    const token = (JSON.parse(answer.text) as { access_token: string }).access_token;
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
    return [1, 2, 3].every((n) => claims[`https://load.gatehouse/a${n}`] === 'hit' || claims[`https://load.gatehouse/a${n}`] === 'miss');
  };
  let logins = 0;
  return {
    async prepare(workers) {
      const warm = new Agent({ keepAlive: true });
      for (let w = 0; w < workers; w += 1) {
        const answer = await send(warm, deployment.ports[w % deployment.ports.length], HOST, { method: 'POST', path: '/oauth/token', form: loginForm(w, { scope: 'openid offline_access' }) });
        if (!tokenOk(answer)) throw new Error(`warm-up login: ${answer.status} ${answer.text}`);
        refreshTokens[w] = (JSON.parse(answer.text) as { refresh_token: string }).refresh_token;
      }
      warm.destroy();
    },
    types: [
      {
        name: 'password-realm login (custom DB, bcrypt) + 3 Actions',
        weight: 3,
        call: () => ({ method: 'POST', path: '/oauth/token', form: loginForm((logins += 1)) }),
        accept: (_w, answer) => actionsRan(answer),
      },
      {
        name: 'refresh_token grant (rotation) + 3 Actions',
        weight: 4,
        call: (w) => ({ method: 'POST', path: '/oauth/token', form: { grant_type: 'refresh_token', refresh_token: refreshTokens[w], client_id: app.client_id, client_secret: app.client_secret } }),
        accept: (w, answer) => {
          if (!actionsRan(answer)) return false;
          refreshTokens[w] = (JSON.parse(answer.text) as { refresh_token: string }).refresh_token;
          return true;
        },
      },
      {
        name: 'client_credentials grant',
        weight: 3,
        call: () => ({ method: 'POST', path: '/oauth/token', json: { grant_type: 'client_credentials', client_id: acme.management_api.client_id, client_secret: acme.management_api.client_secret, audience: `http://${HOST}/api/v2/` } }),
        accept: (_w, answer) => tokenOk(answer),
      },
    ],
  };
}

