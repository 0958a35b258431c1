// `npm run bench -- custom-db`: password-grant logins/s through a custom database `login` script
// against a legacy PostgreSQL store (bcrypt cost 10), next to the bcrypt bound of this machine
// measured in the same run; then import mode after migration, next to the argon2id bound.
// Writes bench/results/custom-db.json. Bounded: about a minute and a half.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createLogger, loadConfig } from '../src/config/index.ts';
import { boot } from '../src/cli/boot.ts';
import { saveCustomDbConnection } from '../src/extensibility/custom-db/index.ts';
import { createClientQueries, createExecutionLogQueries, createTenantQueries } from '../src/storage/index.ts';
import { installDependencySet } from '../src/runtime/modules/install.ts';
import { defaultAllowList } from '../src/runtime/modules/default-allowlist.ts';
import { fixtureScripts, legacyPostgres, MODULE_CACHE } from '../test/e2e/custom-db/support.ts';
import { argon2Bound, bcryptBound } from './custom-db/bounds.ts';
import type { BenchSection } from './section.ts';

const REALM = 'http://auth0.com/oauth/grant-type/password-realm';
const SECONDS = 12;
const ROUNDS = 10;
const USERS = 32;

const log = (what: string) => process.stderr.write(`bench custom-db: ${what}\n`);

async function loginRate(url: string, body: (i: number) => Record<string, string>, seconds: number, concurrency: number): Promise<{ perSecond: number; failures: number }> {
  const until = performance.now() + seconds * 1000;
  let ok = 0;
  let failures = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < until) {
      const res = await fetch(`${url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body(next++)) });
      await res.arrayBuffer();
      if (res.status === 200) ok++;
      else failures++;
    }
  }));
  return { perSecond: ok / ((performance.now() - started) / 1000), failures };
}

export async function run(): Promise<BenchSection> {
  const cores = cpus().length;
  const concurrency = cores * 4;
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-cdb-'));
  const users = Array.from({ length: USERS }, (_, i) => ({ email: `u${i}@bench.example`, password: `bench-pw-${i}`, nickname: `u${i}` }));
  log(`seeding ${USERS} legacy users with bcrypt cost ${ROUNDS}`);
  const legacy = await legacyPostgres(users, ROUNDS);
  const config = loadConfig({ env: {}, flags: { db: `sqlite:${join(dir, 'gatehouse.db')}`, 'runtime.moduleCacheDir': MODULE_CACHE, 'runtime.spares': '0' } });
  const booted = await boot(config, createLogger({ level: 'silent' }));
  try {
    await booted.app.listen({ port: 0, host: '127.0.0.1' });
    const address = booted.app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const tenantId = (await createTenantQueries(booted.database).findByName('demo'))!.id;
    const app = await createClientQueries(booted.database, booted.box, tenantId).create({
      name: 'Bench', app_type: 'regular_web', redirect_uris: ['http://127.0.0.1/cb'], token_endpoint_auth_method: 'client_secret_post', grant_types: ['password', REALM],
    });
    const { login, get_user } = await fixtureScripts('postgres');
    // The two connections read one legacy table: distinct id prefixes keep their users apart.
    const prefixed = (source: string, prefix: string) => source.replace(/'pg\|'/g, `'${prefix}|'`);
    const save = (name: string, importMode: boolean) => saveCustomDbConnection({ database: booted.database, box: booted.box, moduleCacheDir: booted.runner.moduleCacheDir }, {
      tenantId, name, scripts: { login: prefixed(login, name), get_user: prefixed(get_user, name) }, configuration: { DB_URL: legacy.url }, importMode,
      // One container per core: a container is one thread, and bcryptjs is pure JavaScript.
      options: { script_containers: cores }, enabledClients: [app.client_id],
    });
    await save('bench-legacy', false);
    await save('bench-import', true);
    const body = (realm: string) => (i: number) => {
      const u = users[i % USERS];
      return { grant_type: REALM, realm, username: u.email, password: u.password, client_id: app.client_id, client_secret: app.client_secret ?? '', scope: 'openid' };
    };

    const [sample] = await legacy.query('select password from users limit 1');
    const bcryptDir = `${await installDependencySet(MODULE_CACHE, { bcryptjs: defaultAllowList.bcryptjs })}/node_modules/bcryptjs`;
    log(`bcrypt bound: bcryptjs compares on ${cores} worker threads, ${SECONDS / 2} s`);
    const bcryptBefore = await bcryptBound(bcryptDir, sample.password, users[0].password, SECONDS / 2);

    log('warming the containers');
    await loginRate(url, body('bench-legacy'), 3, concurrency);
    log(`legacy mode: password-realm logins through the login script, ${SECONDS} s at concurrency ${concurrency}`);
    const legacyMode = await loginRate(url, body('bench-legacy'), SECONDS, concurrency);
    // Measured on both sides of the logins: on a shared machine the load drifts during a run.
    log(`bcrypt bound again, ${SECONDS / 2} s`);
    const bcryptAfter = await bcryptBound(bcryptDir, sample.password, users[0].password, SECONDS / 2);
    const bcrypt = { perSecond: (bcryptBefore.perSecond + bcryptAfter.perSecond) / 2, threads: bcryptBefore.threads };

    log('import mode: migrating every user (one script login each)');
    for (let i = 0; i < USERS; i += 1) {
      const res = await fetch(`${url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body('bench-import')(i)) });
      if (res.status !== 200) throw new Error(`migrating user ${i} failed: ${res.status} ${await res.text()}`);
    }
    log(`argon2 bound: @node-rs/argon2 verifications, ${SECONDS / 2} s`);
    const argonBefore = await argon2Bound(users[0].password, SECONDS / 2, concurrency);
    log(`import mode after migration: logins, ${SECONDS} s`);
    const importMode = await loginRate(url, body('bench-import'), SECONDS, concurrency);
    log(`argon2 bound again, ${SECONDS / 2} s`);
    const argon2 = (argonBefore + await argon2Bound(users[0].password, SECONDS / 2, concurrency)) / 2;
    const scriptRuns = (await createExecutionLogQueries(booted.database, tenantId).list({ limit: 100_000, type: 'custom-db:login' }))
      .filter((e) => e.details.connection === 'bench-import').length;

    const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 10;
    const result = {
      date: new Date().toISOString(),
      machine: { cores, memoryGb: Math.round(totalmem() / 2 ** 30), loadavgAtEnd: loadavg().map((l) => Math.round(l * 100) / 100), node: process.version },
      settings: { bcryptCost: ROUNDS, users: USERS, seconds: SECONDS, concurrency, scriptContainers: cores, backend: booted.runner.backend, storage: 'sqlite' },
      bcryptBound: { comparesPerSecond: bcrypt.perSecond, threads: bcrypt.threads },
      legacyMode: { loginsPerSecond: legacyMode.perSecond, failures: legacyMode.failures, percentOfBound: ratio(legacyMode.perSecond, bcrypt.perSecond) },
      argon2Bound: { verificationsPerSecond: argon2 },
      importMode: { loginsPerSecond: importMode.perSecond, failures: importMode.failures, percentOfBound: ratio(importMode.perSecond, argon2), loginScriptRuns: scriptRuns },
      target: 'at least 85 % of the bound',
    };
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(new URL('./results/custom-db.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
    return {
      title: 'custom database logins (password-realm grant, legacy PostgreSQL, bcrypt cost 10)',
      columns: ['measure', 'per second', 'bound per second', '% of bound'],
      rows: [
        ['legacy mode: login script (bcryptjs compare)', legacyMode.perSecond, bcrypt.perSecond, result.legacyMode.percentOfBound],
        ['import mode after migration (argon2id verify)', importMode.perSecond, argon2, result.importMode.percentOfBound],
      ],
      notes: [
        `Bounds measured in the same run: bcryptjs compareSync on ${cores} worker threads; @node-rs/argon2 verify with ${concurrency} in flight.`,
        `Logins: ${concurrency} concurrent HTTP clients in the same process, ${USERS} users, ${cores} containers for the connection (${booted.runner.backend} backend), SQLite storage.`,
        `Import mode: the login script ran ${scriptRuns} times (once per user, at migration); the timed logins never reached it.`,
        `Failures: legacy ${legacyMode.failures}, import ${importMode.failures}. Load average at the end: ${result.machine.loadavgAtEnd.join(', ')} (a shared, loaded machine gives pessimistic figures).`,
      ],
    };
  } finally {
    await booted.close();
    await legacy.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const { renderTable } = await import('./table.ts');
  process.stdout.write(`${renderTable(await run())}\n`);
}
