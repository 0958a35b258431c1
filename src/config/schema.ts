import { z } from 'zod';

// The one list of settings and their defaults. Values arrive as strings from flags and the
// environment, and as JSON/YAML values from a file, so numbers are accepted in both forms.
// Every message says what was expected; the loader adds the setting name and what it got.

const numeric = (value: unknown): unknown =>
  typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;

const intIn = (min: number, max: number) => {
  const error = `expected an integer ${min}–${max}`;
  return z.preprocess(numeric, z.number({ error }).int({ error }).min(min, { error }).max(max, { error }));
};

const dbUrl = z.string({ error: 'expected sqlite:PATH or postgres://…' }).refine(
  (value) => /^sqlite:.+/.test(value) || /^postgres(ql)?:\/\/.+/.test(value),
  { error: 'expected sqlite:PATH or postgres://user:password@host:port/database' },
);

const redisUrl = z.string({ error: 'expected redis://host:port' }).refine(
  (value) => /^rediss?:\/\/.+/.test(value),
  { error: 'expected redis://host:port or rediss://host:port' },
);

const nonEmpty = (what: string) => z.string({ error: `expected ${what}` }).min(1, { error: `expected ${what}` });

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const RuntimeSettings = z.strictObject({
  // `process` by default everywhere: it shares nothing between containers but the machine, while
  // `worker` containers share one worker host process (docs/runtime.md). `worker` is opt-in.
  backend: z.enum(['worker', 'process'], { error: 'expected "worker" or "process"' }).default('process'),
  timeoutMs: intIn(100, 600_000).default(20_000),
  heapMb: intIn(16, 4096).default(128),
  maxContainers: intIn(1, 10_000).default(100),
  idleMs: intIn(1_000, 86_400_000).default(300_000),
  spares: intIn(0, 100).default(1),
  /** Root of the content-addressed npm dependency sets of scripts (relative to the working directory). */
  moduleCacheDir: nonEmpty('a folder path').default('.gatehouse/modules'),
});

export const TlsSettings = z.strictObject({
  cert: nonEmpty('a path to a PEM certificate').optional(),
  key: nonEmpty('a path to a PEM private key').optional(),
}).refine((tls) => (tls.cert === undefined) === (tls.key === undefined), {
  error: 'expected both tls.cert and tls.key, or neither',
});

/** The Management API's per-token rate limit: a bucket of `rateLimit` requests refilled over `rateWindowSeconds`. */
export const ManagementApiSettings = z.strictObject({
  rateLimit: intIn(1, 1_000_000).default(100),
  rateWindowSeconds: intIn(1, 86_400).default(10),
});

export const Settings = z.strictObject({
  port: intIn(1, 65535).default(3000),
  host: nonEmpty('a host name or IP address to listen on').default('localhost'),
  db: dbUrl.default('sqlite:./data/gatehouse.db'),
  secretKey: nonEmpty('a key (64 hex characters or 44 base64 characters)').optional(),
  /** Unset → `secret.key` beside the SQLite file (or under ./data/ for PostgreSQL). */
  keyFile: nonEmpty('a file path').optional(),
  logLevel: z.enum(logLevels, { error: `expected one of ${logLevels.join(', ')}` }).default('info'),
  /** Unset → https when Gatehouse serves TLS itself (tls.cert/tls.key), else http. */
  publicScheme: z.enum(['http', 'https'], { error: 'expected "http" or "https"' }).optional(),
  redisUrl: redisUrl.optional(),
  runtime: RuntimeSettings.default({ backend: 'process', timeoutMs: 20_000, heapMb: 128, maxContainers: 100, idleMs: 300_000, spares: 1, moduleCacheDir: '.gatehouse/modules' }),
  tls: TlsSettings.optional(),
  managementApi: ManagementApiSettings.default({ rateLimit: 100, rateWindowSeconds: 10 }),
});

export type ParsedSettings = z.infer<typeof Settings>;

export interface RuntimeConfig {
  readonly backend: 'worker' | 'process';
  readonly timeoutMs: number;
  readonly heapMb: number;
  readonly maxContainers: number;
  readonly idleMs: number;
  readonly spares: number;
  readonly moduleCacheDir: string;
}

/** The validated, frozen configuration every other layer is handed (or a slice of it). */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly db: string;
  readonly secretKey?: string;
  readonly keyFile: string;
  readonly logLevel: (typeof logLevels)[number];
  readonly publicScheme: 'http' | 'https';
  readonly redisUrl?: string;
  readonly runtime: RuntimeConfig;
  readonly tls?: { readonly cert?: string; readonly key?: string };
  readonly managementApi: { readonly rateLimit: number; readonly rateWindowSeconds: number };
}

/** Settings whose values must never be echoed back in an error line. */
export const secretSettings: ReadonlySet<string> = new Set(['secretKey', 'db', 'redisUrl']);
