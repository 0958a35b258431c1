// A closed-loop load generator over keep-alive HTTP: `concurrency` workers each send one request,
// wait for its answer, and send the next, spreading them round robin over the nodes, until the
// time or count bound is reached. Latency is measured per request type, from write to last byte.
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface Call {
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly path: string;
  readonly form?: Record<string, string>;
  readonly json?: unknown;
}

export interface Answer { readonly status: number; readonly text: string }

/** One kind of request: builds its call for a worker and checks (and uses) the answer. */
export interface RequestType {
  readonly name: string;
  /** Relative share of the mix. */
  readonly weight: number;
  call(worker: number): Call;
  /** True when the answer is a success; may update the worker's state (a rotated refresh token). */
  accept(worker: number, answer: Answer): boolean;
}

export interface TypeStats {
  readonly name: string;
  readonly count: number;
  readonly errors: number;
  readonly throughput: number;
  readonly p50: number;
  readonly p99: number;
  /** First failing answers, for the report (status and a short body). */
  readonly sampleErrors: string[];
}

export interface RunResult {
  readonly seconds: number;
  readonly total: number;
  readonly throughput: number;
  readonly types: TypeStats[];
}

export interface DriveOptions {
  readonly ports: readonly number[];
  readonly host: string;
  readonly types: readonly RequestType[];
  readonly concurrency: number;
  readonly seconds: number;
  readonly maxRequests: number;
}

export function send(agent: Agent, port: number, host: string, call: Call, authorization?: string): Promise<Answer> {
  let body: string | undefined;
  const headers: Record<string, string> = { host };
  if (authorization) headers.authorization = authorization;
  if (call.form) {
    body = new URLSearchParams(call.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (call.json !== undefined) {
    body = JSON.stringify(call.json);
    headers['content-type'] = 'application/json';
  }
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: call.path, method: call.method, headers, agent }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (p: Buffer) => parts.push(p));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);

/** A fixed weighted sequence (not random), so every run sends the same mix in the same order. */
function schedule(types: readonly RequestType[]): RequestType[] {
  const out: RequestType[] = [];
  for (const t of types) for (let i = 0; i < t.weight; i += 1) out.push(t);
  // Interleave: sort by position within each type's share.
  return out.map((t, i) => ({ t, key: (out.slice(0, i).filter((x) => x === t).length + 0.5) / t.weight })).sort((a, b) => a.key - b.key).map((x) => x.t);
}

export async function drive(options: DriveOptions): Promise<RunResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const order = schedule(options.types);
  const latencies = new Map<string, number[]>(options.types.map((t) => [t.name, []]));
  const errors = new Map<string, number>(options.types.map((t) => [t.name, 0]));
  const samples = new Map<string, string[]>(options.types.map((t) => [t.name, []]));
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  let sent = 0;
  let turn = 0;
  await Promise.all(Array.from({ length: options.concurrency }, async (_, worker) => {
    while (performance.now() < deadline && sent < options.maxRequests) {
      const type = order[sent % order.length];
      sent += 1;
      const port = options.ports[turn++ % options.ports.length];
      const t0 = performance.now();
      let ok = false;
      let detail = '';
      try {
        const answer = await send(agent, port, options.host, type.call(worker));
        ok = type.accept(worker, answer);
        if (!ok) detail = `${answer.status} ${answer.text.slice(0, 160)}`;
      } catch (err) {
        detail = (err as NodeJS.ErrnoException).code ?? String(err);
      }
      latencies.get(type.name)!.push(performance.now() - t0);
      if (!ok) {
        errors.set(type.name, errors.get(type.name)! + 1);
        const list = samples.get(type.name)!;
        if (list.length < 3) list.push(detail);
      }
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  const types = options.types.map((t): TypeStats => {
    const sorted = [...latencies.get(t.name)!].sort((a, b) => a - b);
    return {
      name: t.name,
      count: sorted.length,
      errors: errors.get(t.name)!,
      throughput: sorted.length / seconds,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      sampleErrors: samples.get(t.name)!,
    };
  });
  const total = types.reduce((n, t) => n + t.count, 0);
  return { seconds, total, throughput: total / seconds, types };
}
