export { createServer, BODY_LIMIT, type CreateServerOptions } from './create-server.ts';
export { toGatehouseError } from './error-handler.ts';
export { summarizeBody } from './request-logging.ts';
export { surfaces } from './surfaces.ts';
export type { ServerContext, Surface } from './context.ts';
