import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { noContainers, type PoolStats } from '../../runtime/runner.ts';

// One registry per server (never prom-client's global one): tests and benchmarks run several
// servers in one process, and each must report only its own traffic.

export interface Metrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route'>;
  /** Script and Action calls by the runtime's outcome (result, user-error, timeout, crash, …). */
  readonly executions: Counter<'kind' | 'outcome'>;
  readonly coldStarts: Counter<'kind' | 'from_spare'>;
  /** Containers recycled: by the runtime after a timeout/crash/OOM, or on request (deploy, admin). */
  readonly recycles: Counter<'reason'>;
  readonly executionDuration: Histogram<'kind'>;
  /** Recycle signals this node heard (each one recycles the named containers here). */
  readonly recycleSignals: Counter<'reason'>;
  /** Reads the pool's sizes at scrape time. */
  watchPool(stats: () => PoolStats): void;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'gatehouse_' });
  let poolStats: (() => PoolStats) | undefined;
  new Gauge({
    name: 'gatehouse_container_pool',
    help: 'Containers of this node by state (live = idle + busy + spares + starting; ending: not yet exited, still counted against the bound), and calls queued for one',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const stats = poolStats?.() ?? noContainers;
      for (const [state, value] of Object.entries(stats)) this.set({ state }, value);
    },
  });
  return {
    registry,
    httpRequests: new Counter({
      name: 'gatehouse_http_requests_total',
      help: 'HTTP requests by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'gatehouse_http_request_duration_seconds',
      help: 'HTTP request latency by method and route pattern',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    executions: new Counter({
      name: 'gatehouse_executions_total',
      help: 'Custom database script and Action executions by outcome',
      labelNames: ['kind', 'outcome'],
      registers: [registry],
    }),
    executionDuration: new Histogram({
      name: 'gatehouse_execution_duration_seconds',
      help: 'Script and Action execution time, container start included',
      labelNames: ['kind'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 20],
      registers: [registry],
    }),
    coldStarts: new Counter({
      name: 'gatehouse_container_cold_starts_total',
      help: 'Calls that needed a new container (from_spare: a pre-started one took it)',
      labelNames: ['kind', 'from_spare'],
      registers: [registry],
    }),
    recycles: new Counter({
      name: 'gatehouse_container_recycles_total',
      help: 'Container recycles by reason',
      labelNames: ['reason'],
      registers: [registry],
    }),
    recycleSignals: new Counter({
      name: 'gatehouse_recycle_signals_total',
      help: 'Recycle signals received from any node (this one included) after a deploy',
      labelNames: ['reason'],
      registers: [registry],
    }),
    watchPool(stats) {
      poolStats = stats;
    },
  };
}
