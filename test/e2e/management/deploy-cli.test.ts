// The real auth0-deploy-cli imports a directory into Gatehouse and exports it back; what comes
// out equals what went in, and a login through the imported connection and Action works.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backends } from '../../management/support.ts';
import { httpsJson, runTrusting, startTlsGatehouse, type TlsGatehouse } from './support.ts';

const fixture = fileURLToPath(new URL('../../fixtures/management/deploy-import', import.meta.url));
const a0deploy = fileURLToPath(new URL('../../../node_modules/auth0-deploy-cli/lib/index.js', import.meta.url));
const mappings = { LEGACY_PASSWORD: 'dana-legacy-pw', PLAN_SECRET: 'gold-plan' };
/** Objects the tenant had before the import (its applications and default database). */
const preexisting = ['clients/API Explorer Application.json', 'clients/Demo Application.json', 'database-connections/Username-Password-Authentication/database.json'];

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name))).sort();
}

/**
 * What the deploy CLI itself rewrites, and only that:
 *  - JSON layout: it pretty-prints and orders keys its own way (compared as parsed JSON);
 *  - options.configuration of a database: listed read-only in the CLI (lib/readonly.js), so
 *    never exported (and Gatehouse, like Auth0, returns the values masked anyway);
 *  - Action secret values: write-only in the Management API, so the CLI exports names only.
 */
function normalizeImported(file: string, value: any): any {
  if (file.startsWith('database-connections/') && file.endsWith('database.json')) {
    const { configuration: _masked, ...options } = value.options;
    return { ...value, options };
  }
  if (file.startsWith('actions/') && file.endsWith('.json')) {
    return { ...value, secrets: value.secrets.map((s: { name: string }) => ({ name: s.name })) };
  }
  return value;
}

function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

for (const backend of await backends()) {
  describe(`auth0-deploy-cli against Gatehouse over TLS on ${backend.name}`, { skip: backend.skip }, () => {
    let gh: TlsGatehouse;
    let config: string;
    before(async () => {
      gh = await startTlsGatehouse(backend.name);
      config = join(gh.dir, 'deploy-config.json');
      await writeFile(config, JSON.stringify({
        AUTH0_DOMAIN: gh.domain, AUTH0_CLIENT_ID: gh.clientId, AUTH0_CLIENT_SECRET: gh.clientSecret,
        AUTH0_INCLUDED_ONLY: ['clients', 'resourceServers', 'databases', 'actions', 'triggers'],
        AUTH0_KEYWORD_REPLACE_MAPPINGS: mappings,
      }));
    });
    after(async () => { await gh?.close(); });

    test('import a directory, export it back: the same files and contents', async () => {
      const imported = await runTrusting(gh, [a0deploy, 'import', '--input_file', fixture, '--config_file', config]);
      assert.equal(imported.status, 0, `${imported.stdout}\n${imported.stderr}`);
      assert.match(imported.stdout, /Import Successful/);

      const out = join(gh.dir, 'export');
      const exported = await runTrusting(gh, [a0deploy, 'export', '--format', 'directory', '--output_folder', out, '--config_file', config]);
      assert.equal(exported.status, 0, `${exported.stdout}\n${exported.stderr}`);

      const inFiles = await filesUnder(fixture);
      const outFiles = await filesUnder(out);
      assert.deepEqual(outFiles, [...inFiles, ...preexisting].sort(), 'every imported file comes back, plus the tenant\'s own');
      for (const file of inFiles) {
        const before = await readFile(join(fixture, file), 'utf8');
        const after = await readFile(join(out, file), 'utf8');
        if (file.endsWith('.json')) assert.deepEqual(JSON.parse(after), normalizeImported(file, JSON.parse(before)), file);
        else assert.equal(after, before, file);
      }
    });

    test('a login through the imported custom database connection runs the imported Action', async () => {
      const token = await httpsJson(gh, 'POST', '/oauth/token', {
        body: { grant_type: 'client_credentials', client_id: gh.clientId, client_secret: gh.clientSecret, audience: `https://${gh.domain}/api/v2/` },
      });
      assert.equal(token.status, 200, JSON.stringify(token.json));
      const clients = await httpsJson(gh, 'GET', '/api/v2/clients', { token: token.json.access_token });
      const storefront = clients.json.find((c: { name: string }) => c.name === 'Storefront');
      const login = (password: string) => httpsJson(gh, 'POST', '/oauth/token', {
        body: {
          grant_type: 'http://auth0.com/oauth/grant-type/password-realm', realm: 'legacy-store', scope: 'openid profile email',
          client_id: storefront.client_id, client_secret: storefront.client_secret, username: 'dana@example.com', password,
        },
      });
      const ok = await login(mappings.LEGACY_PASSWORD);
      assert.equal(ok.status, 200, JSON.stringify(ok.json));
      const id = claims(ok.json.id_token);
      assert.equal(id.sub, 'auth0|dana-1');
      assert.equal(id.name, 'Dana Legacy', 'the script read its imported configuration');
      assert.equal(id['https://gatehouse.test/plan'], mappings.PLAN_SECRET, 'the bound Action ran with its imported secret');
      assert.equal(id['https://gatehouse.test/session'], 7_200_000, 'and with its npm dependency (ms)');
      const bad = await login('wrong');
      assert.equal(bad.status, 403);
    });
  });
}
