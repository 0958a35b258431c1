import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { GatehouseError } from '../errors/index.ts';
import { authenticate, requireScope, tokenKey } from './auth.ts';
import type { ManagementContext, ManagementToken } from './context.ts';
import { payloadError } from './errors.ts';

// A Management API endpoint is a row: method, path, the scopes that allow it, zod schemas for
// params, query, body and response, and a handler. register() runs the same pipeline for all:
// token → rate limit → scope → input schemas → handler → response schema.

export interface RouteInput<P, Q, B> {
  readonly context: ManagementContext;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  readonly tenantId: string;
  /** `https://host[:port]/` of this request. */
  readonly issuer: string;
  readonly token: ManagementToken;
  readonly params: P;
  readonly query: Q;
  readonly body: B;
}

export interface ManagementRoute {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Under /api/v2. */
  readonly url: string;
  readonly scopes: readonly string[];
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** The shape the answer must have; fields it does not list never leave (password hashes, sealed values). */
  readonly response?: z.ZodType;
  readonly status?: number;
  handler(input: RouteInput<any, any, any>): Promise<unknown>;
}

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;

/** Declares a route with its handler typed from its schemas. */
export function route<P extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined, B extends z.ZodType | undefined = undefined>(
  def: Omit<ManagementRoute, 'handler' | 'params' | 'query' | 'body'> & {
    readonly params?: P; readonly query?: Q; readonly body?: B;
    handler(input: RouteInput<Infer<P>, Infer<Q>, Infer<B>>): Promise<unknown>;
  },
): ManagementRoute {
  return def as ManagementRoute;
}

function parseInput(schema: z.ZodType | undefined, value: unknown, where: 'body' | 'query' | 'params'): unknown {
  if (!schema) return value;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  if (where === 'params') throw new GatehouseError('MGMT_BAD_REQUEST', `Path validation error: '${parsed.error.issues[0]?.message ?? 'invalid'}'.`);
  throw payloadError(parsed.error, where, value);
}

export function registerRoutes(app: FastifyInstance, context: ManagementContext, routes: readonly ManagementRoute[]): void {
  for (const def of routes) {
    app.route({
      method: def.method,
      url: def.url,
      handler: async (request, reply) => {
        const token = await authenticate(context, request);
        const rate = await context.rateLimiter.take(tokenKey(request.tenant.id, token));
        reply.header('x-ratelimit-limit', String(rate.limit))
          .header('x-ratelimit-remaining', String(rate.remaining))
          .header('x-ratelimit-reset', String(rate.reset));
        if (!rate.allowed) {
          reply.header('retry-after', String(Math.max(1, rate.reset - Math.floor(Date.now() / 1000))));
          throw new GatehouseError('MGMT_RATE_LIMITED', 'Global limit has been reached');
        }
        requireScope(token, def.scopes);
        const params = parseInput(def.params, request.params, 'params');
        const query = parseInput(def.query, request.query ?? {}, 'query');
        const body = parseInput(def.body, request.body ?? {}, 'body');
        const result = await def.handler({
          context, request, reply, tenantId: request.tenant.id, issuer: context.issuer(request), token, params, query, body,
        });
        const status = def.status ?? 200;
        if (status === 204 || result === undefined) return reply.code(status === 200 && result === undefined ? 204 : status).send();
        let out: unknown = result;
        if (def.response) {
          const checked = def.response.safeParse(result);
          if (!checked.success) {
            throw new GatehouseError('SERVER_ERROR', `response of ${def.method} ${def.url} does not match its schema: ${z.prettifyError(checked.error).slice(0, 500)}`);
          }
          out = checked.data;
        }
        return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(out ?? null));
      },
    });
  }
}
