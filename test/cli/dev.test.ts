import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { seedLegacyDatabase } from '../../examples/legacy-postgres/seed.ts';
import { cleanEnv, freePort, mainPath } from './spawn.ts';

// `gatehouse dev examples/legacy-postgres` as a user runs it, against a legacy PostgreSQL
// database this test creates: log in through the password-realm grant (custom database login
// script on pg + bcryptjs, then three post-login Actions), edit an Action file and see the new
// behaviour once the reload is printed, and see a malformed file reported while the rest serves.

const example = fileURLToPath(new URL('../../examples/legacy-postgres/', import.meta.url));
const adminUrl = 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const reachable = await postgresReachable();
const skip = !reachable && process.env.CI !== 'true' ? 'PostgreSQL is not reachable on 127.0.0.1:5432 (set CI=true to fail instead)' : false;

function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

test('gatehouse dev on the example: login, reload of an edited Action, a malformed file', { skip, timeout: 240_000 }, async (t) => {
  const dbName = `legacy_example_${randomBytes(4).toString('hex')}`;
  const legacyUrl = `postgres://postgres:postgres@127.0.0.1:5432/${dbName}`;
  await seedLegacyDatabase(legacyUrl);
  const work = await mkdtemp(join(tmpdir(), 'gatehouse-dev-'));
  t.after(async () => {
    await rm(work, { recursive: true, force: true });
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    await admin.end();
  });
  const dir = join(work, 'tenant');
  await cp(example, dir, { recursive: true });
  const envFile = join(work, 'dev.env');
  const env = (await readFile(join(example, 'example.env'), 'utf8')).replace(/^LEGACY_DB_URL=.*$/m, `LEGACY_DB_URL=${legacyUrl}`);
  await writeFile(envFile, env);
  const secret = /^EXAMPLE_APP_SECRET=(.*)$/m.exec(env)![1];

  const port = await freePort();
  const child = spawn(process.execPath, [mainPath, 'dev', dir, '--env-file', envFile, '--port', String(port), '--db', `sqlite:${join(work, 'dev.db')}`], {
    cwd: fileURLToPath(new URL('../../', import.meta.url)), env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  t.after(async () => { if (child.exitCode === null) { child.kill('SIGKILL'); await exited; } });

  /** Waits (bounded) until stdout/stderr match, counting from `from` characters in. */
  async function waitFor(pattern: RegExp, what: string, from = 0, stream: () => string = () => stdout): Promise<RegExpExecArray> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const match = pattern.exec(stream().slice(from));
      if (match) return match;
      if (child.exitCode !== null) throw new Error(`gatehouse dev exited (${child.exitCode}) before ${what}:\n${stdout}\n${stderr}`);
      if (Date.now() > deadline) throw new Error(`no ${what} within 60 s:\n${stdout}\n${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  await waitFor(/^ready in \d+ ms$/m, 'ready line');
  assert.match(stdout, /^Gatehouse dev: tenant "dev" on http:\/\/localhost:\d+ /m);
  assert.equal(stderr.includes('!'), false, stderr);
  const clientId = /application Example App: client_id (\S+)/.exec(stdout)![1];

  const login = async (username: string, password: string) => {
    const response = await fetch(`http://localhost:${port}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'http://auth0.com/oauth/grant-type/password-realm', realm: 'legacy-users', client_id: clientId, client_secret: secret,
        username, password, scope: 'openid profile email',
      }),
      signal: AbortSignal.timeout(60_000),
    });
    return { status: response.status, body: await response.json() as Record<string, string> };
  };

  const ada = await login('ada@example.com', 'Passw0rd!');
  assert.equal(ada.status, 200, JSON.stringify(ada.body));
  const adaClaims = claims(ada.body.id_token);
  assert.equal(adaClaims['https://example.com/plan'], 'pro');
  assert.deepEqual(adaClaims['https://example.com/roles'], ['staff']);
  assert.equal(adaClaims.email, 'ada@example.com');
  // Each execution printed as it happens: the script with its user, then the Actions.
  await waitFor(/ login legacy-users · user ada@example\.com · result · \d+ ms/, 'printed login');
  await waitFor(/ post-login add-plan-claim v1 · user auth0\|\S+ · ok · \d+ ms\n {4}log {3}plan claim set for /, 'printed Action');

  const wrong = await login('ada@example.com', 'not-her-password');
  assert.equal(wrong.status, 403);
  assert.equal(wrong.body.error, 'invalid_grant');
  const bob = await login('bob@example.com', 'Blocked-123');
  assert.equal(bob.status, 403);
  assert.equal(bob.body.error_description, 'This account is blocked. Contact support@example.com.');
  const grace = await login('grace@example.com', 'Staff-Pa55');
  assert.equal(grace.status, 200);
  assert.equal(claims(grace.body.id_token)['https://example.com/roles'], undefined, 'unverified email gets no staff role');

  // Edit an Action: a new version is deployed and the next login sees it.
  const before = stdout.length;
  const codeFile = join(dir, 'actions/add-plan-claim/code.js');
  await writeFile(codeFile, (await readFile(codeFile, 'utf8')).replace("const plan = event.user.app_metadata.plan || 'free';", "const plan = (event.user.app_metadata.plan || 'free').toUpperCase();"));
  await waitFor(/^reloaded in \d+ ms: updated action add-plan-claim \(version 2 deployed\)$/m, 'reload of add-plan-claim', before);
  const again = await login('ada@example.com', 'Passw0rd!');
  assert.equal(again.status, 200);
  assert.equal(claims(again.body.id_token)['https://example.com/plan'], 'PRO');
  await waitFor(/ post-login add-plan-claim v2 · /, 'printed v2 execution', before);

  // A malformed file: one line naming it; the tenant keeps serving.
  const errBefore = stderr.length;
  await writeFile(join(dir, 'clients/Broken.json'), '{"name": ');
  await waitFor(/^! clients\/Broken\.json: not valid JSON: it ends too early$/m, 'problem line', errBefore, () => stderr);
  assert.equal((await login('ada@example.com', 'Passw0rd!')).status, 200);

  child.kill('SIGTERM');
  assert.equal(await exited, 0, stderr);
});
