import type { FastifyInstance } from 'fastify';
import type { Logger } from '../config/index.ts';

const MAX_STRING = 64;

/**
 * A body as the log may see it: top-level fields only, long strings cut, nested values reduced
 * to their type. The logger then redacts sensitive keys; bodies are never logged whole.
 */
export function summarizeBody(body: unknown): unknown {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return `<${body.length} characters>`;
  if (Buffer.isBuffer(body)) return `<${body.length} bytes>`;
  if (typeof body !== 'object') return typeof body;
  if (Array.isArray(body)) return `<array of ${body.length}>`;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string') out[key] = value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
    else if (value === null || typeof value === 'number' || typeof value === 'boolean') out[key] = value;
    else out[key] = Array.isArray(value) ? `<array of ${value.length}>` : `<${typeof value}>`;
  }
  return out;
}

/** At debug level, each request's headers and a body summary; both pass the logger's redaction. */
export function installRequestLogging(app: FastifyInstance, logger: Logger): void {
  app.addHook('preHandler', async (request) => {
    if (!logger.isLevelEnabled('debug')) return;
    request.log.debug({ headers: request.headers, body: summarizeBody(request.body) }, 'request detail');
  });
}
