import type { FastifyRequest } from 'fastify';

/**
 * `event.request` as Auth0 builds it (actions.md §3). Gatehouse has no GeoIP database, so
 * `geoip` is an empty object (Actions reading `event.request.geoip.countryCode` get undefined,
 * as on Auth0 for an address it cannot place); `asn` is left out for the same reason.
 */
export interface EventRequest {
  readonly ip: string;
  readonly hostname: string;
  readonly method: string;
  readonly user_agent?: string;
  readonly language?: string;
  readonly query: Record<string, string>;
  readonly body?: Record<string, unknown>;
  readonly geoip: Record<string, unknown>;
}

/** Body fields an Action never sees: the credentials of the request itself. */
const HIDDEN_BODY_FIELDS = new Set(['password', 'client_secret', 'refresh_token', 'code', 'code_verifier', 'client_assertion', '_csrf', 'password-confirm']);

/** A body without its credentials; nested values are kept (JSON bodies), non-objects dropped. */
export function visibleBody(body: unknown): Record<string, unknown> | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  return Object.fromEntries(Object.entries(body as Record<string, unknown>).filter(([k]) => !HIDDEN_BODY_FIELDS.has(k)));
}

function stringRecord(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}

export interface EventRequestOptions {
  /** Replaces the request's own query (the /authorize query of a login finished on another page). */
  readonly query?: Record<string, string>;
  /** Include the body (token endpoint, signup, POSTs to /continue). */
  readonly body?: boolean;
  /** The end user's address when it is not the connection's (auth0-forwarded-for). */
  readonly ip?: string;
}

/** The request as an Action sees it. */
export function eventRequest(request: FastifyRequest, options: EventRequestOptions = {}): EventRequest {
  const headers = request.headers;
  const first = typeof headers['accept-language'] === 'string' ? headers['accept-language'].split(',')[0]?.split(';')[0]?.trim() : undefined;
  // `*` (any language, what fetch sends by default) names none.
  const language = first && first !== '*' ? first : undefined;
  const host = (headers.host ?? '').trim().toLowerCase().replace(/:\d+$/, '');
  const out: EventRequest = {
    ip: options.ip ?? request.ip,
    hostname: host,
    method: request.method,
    ...(typeof headers['user-agent'] === 'string' ? { user_agent: headers['user-agent'] } : {}),
    ...(language ? { language } : {}),
    query: options.query ?? stringRecord(request.query),
    geoip: {},
  };
  if (options.body) {
    const body = visibleBody(request.body);
    if (body) return { ...out, body };
  }
  return out;
}
