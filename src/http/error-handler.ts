import type { FastifyError, FastifyInstance } from 'fastify';
import { GatehouseError, renderError } from '../errors/index.ts';

// fastify's own failures (body parsing, limits, routing) re-expressed as catalogue codes, so
// every error leaves the server in an Auth0 shape and nothing else decides a status.
const fastifyCodes: Record<string, ConstructorParameters<typeof GatehouseError>[0]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_BODY',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_BODY',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_BODY',
  FST_ERR_CTP_EMPTY_TYPE: 'INVALID_BODY',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
};

/** Any thrown value as a GatehouseError; unknown failures become SERVER_ERROR with the original as cause. */
export function toGatehouseError(err: unknown): GatehouseError {
  if (err instanceof GatehouseError) return err;
  const e = err as Partial<FastifyError> | undefined;
  if (e && typeof e === 'object') {
    if (e.validation) return new GatehouseError('INVALID_BODY', e.message, { cause: err });
    const mapped = e.code ? fastifyCodes[e.code] : undefined;
    if (mapped) return new GatehouseError(mapped, undefined, { cause: err });
    if (e.code?.startsWith('FST_') && typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
      return new GatehouseError('BAD_REQUEST', undefined, { cause: err });
    }
  }
  return new GatehouseError('SERVER_ERROR', undefined, { cause: err });
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const error = toGatehouseError(err);
    if (error.status >= 500) request.log.error({ err: error.cause ?? error, code: error.code }, 'request failed');
    else request.log.info({ code: error.code, reason: (error.cause as Error | undefined)?.message ?? error.message }, 'request rejected');
    const { status, body } = renderError(error);
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  });
  app.setNotFoundHandler((_request, reply) => {
    const { status, body } = renderError(new GatehouseError('ROUTE_NOT_FOUND'));
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  });
}
