import { pino, type Logger, type DestinationStream } from 'pino';
import type { Config } from './schema.ts';

export type { Logger } from 'pino';

// Redaction by key name at any depth, not by fixed paths: a secret nested in an error's cause or
// an Action's event is as sensitive as one at the top, and pino's path wildcards reach one level.
const sensitiveKey = /pass(word|wd)|^pass$|secret|token|^authorization$|^proxy-authorization$|^cookie$|^set-cookie$|^code_verifier$|^otp$|private_?key|api_?key|^key$|^client_assertion$|^x-api-key$|^ticket$/i;

export const REDACTED = '[Redacted]';

export function isSensitiveKey(key: string): boolean {
  return sensitiveKey.test(key);
}

/** Returns a copy of plain data with every sensitive key's value replaced; cycles and depth are bounded. */
export function scrub(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > 12 || seen.has(value)) return '[Truncated]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1, seen));
  if (value instanceof Error) {
    // Errors are serialised by pino after this hook: keep the prototype so it still sees an error.
    const out = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>;
    Object.assign(out, { message: value.message, stack: value.stack });
    for (const [key, child] of Object.entries(value)) out[key] = isSensitiveKey(key) ? REDACTED : scrub(child, depth + 1, seen);
    if (value.cause !== undefined) out.cause = scrub(value.cause, depth + 1, seen);
    return out;
  }
  // Class instances (fastify's request and reply, streams) are left to pino's serializers:
  // copying them would lose their prototype getters and could walk huge object graphs.
  // Dictionaries with a bare prototype (query-string parsers make those) count as plain data.
  const ctor = (Object.getPrototypeOf(value) as { constructor?: unknown } | null)?.constructor;
  if (typeof ctor === 'function' && ctor !== Object) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) out[key] = isSensitiveKey(key) ? REDACTED : scrub(child, depth + 1, seen);
  return out;
}

const sensitiveQuery = /([?&](?:[^=&#]*(?:password|secret|token|code|assertion|key|ticket)[^=&#]*)=)[^&#]*/gi;

/** A URL for the log: values of sensitive query parameters (code, tokens, secrets) replaced. */
export function scrubUrl(url: string): string {
  return url.replace(sensitiveQuery, `$1${REDACTED}`);
}

export interface LoggerOptions {
  readonly level?: Config['logLevel'];
  /** Where JSON lines go (tests pass a capture stream); defaults to stdout. */
  readonly destination?: DestinationStream;
}

/** The process logger: JSON lines, scrubbed at any depth, request URLs stripped of secrets. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      formatters: {
        log: (object) => scrub(object) as Record<string, unknown>,
        bindings: (bindings) => scrub(bindings) as Record<string, unknown>,
      },
      serializers: {
        req: (req: { method?: string; url?: string; hostname?: string; host?: string; ip?: string; id?: string }) => ({
          id: req.id, method: req.method, url: req.url ? scrubUrl(req.url) : undefined, host: req.hostname ?? req.host, ip: req.ip,
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
      // A second net for the fixed, well-known places in case a formatter is bypassed.
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie'], censor: REDACTED },
    },
    options.destination ?? pino.destination({ fd: 1, sync: false }),
  );
  // pino skips formatters.bindings for child loggers, so scrub their bindings here; children are
  // created with Object.create(parent) and inherit this override at every level.
  const child = logger.child;
  logger.child = function scrubbedChild(this: Logger, bindings, childOptions) {
    return child.call(this, scrub(bindings) as typeof bindings, childOptions);
  } as typeof logger.child;
  return logger;
}
