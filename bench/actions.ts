// `npm run bench -- actions`: latency a post-login flow adds through executeTrigger with 0, 1,
// 5 and 20 warm no-op Actions bound, against no executeTrigger call at all (the baseline, same
// run, same loop), and a flow whose Action hits api.cache against one that misses and writes.
// On SQLite (the default deployment) with the worker backend. Writes bench/results/actions.json.
// Also runnable alone: `npx node bench/actions.ts`.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScriptRunner } from '../src/extensibility/custom-db/script-runner.ts';
import { createAction, defaultActionCache, executeTrigger, setBindings, type ActionsDeps, type TriggerId } from '../src/extensibility/actions/index.ts';
import { createTenantQueries, migrate, openDatabase } from '../src/storage/index.ts';
import { createSecretBox } from '../src/storage/secret-box.ts';
import { renderTable } from './table.ts';
import { round, summarize, type Latency } from './runtime/stats.ts';
import type { BenchSection } from './section.ts';

const counts = [0, 1, 5, 20] as const;
const warmup = 200;
const samples = 2000;
const event = {
  user: { user_id: 'auth0|bench', email: 'bench@example.com', user_metadata: {}, app_metadata: {} },
  request: { ip: '127.0.0.1', hostname: 'bench.example.com', query: {}, body: {} },
  transaction: { protocol: 'oidc-basic-profile', requested_scopes: ['openid'], prompt: [] },
};

async function time(work: () => Promise<unknown>, before?: () => Promise<unknown>): Promise<Latency> {
  for (let i = 0; i < warmup; i++) {
    await before?.();
    await work();
  }
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    await before?.();
    const start = performance.now();
    await work();
    out.push(performance.now() - start);
  }
  return summarize(out);
}

export async function run(): Promise<BenchSection> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-actions-'));
  const database = await openDatabase(`sqlite:${join(dir, 'bench.db')}`);
  const runner = createScriptRunner({ backend: 'worker', moduleCacheDir: join(dir, 'modules'), spares: 0, maxContainers: 64 });
  try {
    await migrate(database);
    const tenantId = (await createTenantQueries(database).create({ name: 'bench' })).id;
    const deps: ActionsDeps = { database, box: createSecretBox(randomBytes(32)), runner };
    const noop = `exports.onExecutePostLogin = async (event, api) => {};`;
    const actions: Array<{ id: string }> = [];
    for (let i = 0; i < Math.max(...counts); i++) {
      actions.push(await createAction(deps, tenantId, { name: `noop-${i}`, supported_triggers: [{ id: 'post-login' }], code: noop, deploy: true }));
    }
    const flow = (trigger: TriggerId = 'post-login') => executeTrigger(deps, { tenantId, trigger, event });
    const bindFirst = (n: number) => setBindings(deps, tenantId, 'post-login', actions.slice(0, n).map((a) => ({ ref: { type: 'action_id' as const, value: a.id } })));

    process.stderr.write('bench actions: baseline\n');
    const baseline = await time(async () => event);
    const rows: Record<string, Latency> = {};
    for (const n of counts) {
      process.stderr.write(`bench actions: ${n} no-op Actions\n`);
      await bindFirst(n);
      rows[n] = await time(() => flow());
    }

    process.stderr.write('bench actions: api.cache hit and miss\n');
    const cacheAction = await createAction(deps, tenantId, {
      name: 'cache', supported_triggers: [{ id: 'credentials-exchange' }], deploy: true,
      code: `exports.onExecuteCredentialsExchange = async (event, api) => {
        const hit = api.cache.get('token');
        if (hit === undefined) api.cache.set('token', 'x'.repeat(512), { ttl: 60000 });
        api.accessToken.setCustomClaim('hit', hit !== undefined);
      };`,
    });
    await setBindings(deps, tenantId, 'credentials-exchange', [{ ref: { type: 'action_id', value: cacheAction.id } }]);
    // The cache flows use by default (storage table behind a 1 s snapshot): a delete through it
    // reaches both, so the next flow really misses.
    const cache = defaultActionCache(database);
    await flow('credentials-exchange');
    const hit = await time(() => flow('credentials-exchange'));
    // Untimed: forget the entry so the timed flow misses, reads nothing and writes it back.
    const miss = await time(() => flow('credentials-exchange'), () => cache.apply(tenantId, 'credentials-exchange', [{ op: 'delete', key: 'token' }]));

    const added = (n: number) => round(rows[n].p50 - baseline.p50, 4);
    const result = {
      measuredAt: new Date().toISOString(),
      machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
      setup: { storage: 'sqlite (file)', backend: 'worker', samples, warmup, cache: 'storage table behind a 1 s in-process snapshot' },
      baseline,
      flows: Object.fromEntries(counts.map((n) => [n, { ...rows[n], addedP50Ms: added(n), addedP50PerActionMs: n === 0 ? null : round(added(n) / n, 4) }])),
      cache: { hit, miss },
      target: { fiveNoOpAddedP50Ms: 1, met: added(5) <= 1 },
    };
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(new URL('./results/actions.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
    return {
      title: 'actions: post-login through executeTrigger (worker backend, SQLite, warm)',
      columns: ['flow', 'p50 ms', 'p99 ms', 'added p50 ms', 'added p50 per Action ms'],
      rows: [
        ['baseline (no executeTrigger)', baseline.p50, baseline.p99, 0, '-'],
        ...counts.map((n) => [`${n} no-op Actions`, rows[n].p50, rows[n].p99, added(n), n === 0 ? '-' : round(added(n) / n, 3)] as const),
        ['api.cache hit (1 Action)', hit.p50, hit.p99, round(hit.p50 - baseline.p50, 4), '-'],
        ['api.cache miss + write (1 Action)', miss.p50, miss.p99, round(miss.p50 - baseline.p50, 4), '-'],
      ],
      notes: [
        `Target: ≤ 1 ms p50 added for 5 warm no-op Actions — ${result.target.met ? 'met' : 'missed'} (${added(5)} ms).`,
        `${samples} samples after ${warmup} warm-up flows each; ${cpus().length} cores, ${process.version}. Each flow writes one execution_logs row per Action.`,
      ],
    };
  } finally {
    await runner.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) process.stdout.write(`${renderTable(await run())}\n`);
