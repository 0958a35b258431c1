import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { GatehouseError, renderError, type ManagementBody } from '../errors/index.ts';

// Inside /api/v2 every error is in the Management shape, whatever layer raised it: the flows
// speak the Authentication API's and /dbconnections' codes, which the SDKs would not parse here.

const reason: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict',
  413: 'Payload Too Large', 415: 'Unsupported Media Type', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

/** Flow codes whose Management API meaning differs from their own (Auth0's observed errorCodes). */
const remapped: Partial<Record<GatehouseError['code'], { status: number; errorCode: string }>> = {
  USER_EXISTS: { status: 409, errorCode: 'auth0_idp_error' },
  MGMT_CONFLICT: { status: 409, errorCode: 'auth0_idp_error' },
  PASSWORD_TOO_WEAK: { status: 400, errorCode: 'invalid_body' },
  DBCONN_INVALID_BODY: { status: 400, errorCode: 'invalid_body' },
  DBCONN_BAD_CONNECTION: { status: 400, errorCode: 'invalid_body' },
  CUSTOM_DB_VALIDATION: { status: 400, errorCode: 'invalid_body' },
  CUSTOM_DB_REFUSED: { status: 400, errorCode: 'auth0_idp_error' },
  INVALID_BODY: { status: 400, errorCode: 'invalid_body' },
  BAD_REQUEST: { status: 400, errorCode: 'invalid_body' },
};

/** Any error as the Management API's `{statusCode, error, message, errorCode}`. */
export function renderManagementError(err: GatehouseError): { status: number; body: ManagementBody } {
  const rendered = renderError(err);
  const body = rendered.body as Partial<ManagementBody> & { error?: string; error_description?: string; code?: string; description?: unknown };
  const mapped = remapped[err.code];
  const status = mapped?.status ?? rendered.status;
  const errorCode = mapped?.errorCode ?? body.errorCode ?? body.code ?? body.error ?? 'error';
  let message = body.message ?? body.error_description ?? (typeof body.description === 'string' ? body.description : err.message);
  if (err.code === 'PASSWORD_TOO_WEAK') message = `PasswordStrengthError: ${err.message}`;
  return { status, body: { statusCode: status, error: reason[status] ?? 'Error', message, errorCode } };
}

/** Auth0's wording for a body or query that fails its schema. */
export function payloadError(error: z.ZodError, where: 'body' | 'query', input?: unknown): GatehouseError {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  let detail: string;
  if (issue?.code === 'unrecognized_keys') detail = `Additional properties not allowed: ${issue.keys.join(',')}`;
  else if (issue?.code === 'invalid_type') detail = `Expected type ${issue.expected} but found type ${typeOf(valueAt(input, issue.path))}`;
  else detail = issue?.message ?? 'invalid';
  const at = path ? ` on property ${path}` : '';
  if (where === 'query') return new GatehouseError('MGMT_INVALID_QUERY', `Query validation error: '${detail}'${at}.`);
  return new GatehouseError('MGMT_BAD_REQUEST', `Payload validation error: '${detail}'${at}.`);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let node = input;
  for (const key of path) node = node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  return node;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

/** Sets the error handler of the Management API's fastify scope. */
export function installManagementErrors(app: FastifyInstance, toGatehouse: (err: unknown) => GatehouseError): void {
  app.setErrorHandler((err, request, reply) => {
    const error = toGatehouse(err);
    if (error.status >= 500) request.log.error({ err: error.cause ?? error, code: error.code }, 'management request failed');
    else request.log.info({ code: error.code, reason: error.message }, 'management request rejected');
    const { status, body } = renderManagementError(error);
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  });
}
