import { errors, type ErrorSpec } from './catalogue.ts';
import { GatehouseError } from './gatehouse-error.ts';

export type AuthBody = { error: string; error_description: string };
export type ManagementBody = { statusCode: number; error: string; message: string; errorCode: string };
export type LegacyBody = { name: string; code: string; description: string; statusCode: number };

const httpReason: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict',
  413: 'Payload Too Large', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

/** Renders any thrown value to its status and Auth0 body; unexposed errors say nothing of their detail. */
export function renderError(err: unknown): { status: number; body: AuthBody | ManagementBody | LegacyBody } {
  const e = err instanceof GatehouseError ? err : new GatehouseError('SERVER_ERROR');
  const spec: ErrorSpec = errors[e.code];
  const message = e.expose ? e.message : spec.message;
  switch (spec.shape) {
    case 'management':
      return { status: e.status, body: { statusCode: e.status, error: httpReason[e.status] ?? 'Error', message, errorCode: spec.wire } };
    case 'legacy':
      return { status: e.status, body: { name: 'BadRequestError', code: spec.wire, description: message, statusCode: e.status } };
    default:
      return { status: e.status, body: { error: spec.wire, error_description: message } };
  }
}
