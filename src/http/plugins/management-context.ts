import type { ManagementContext } from '../../management/index.ts';
import { createRateLimiter } from '../../management/index.ts';
import { createKeyStore, rotateSigningKeys } from '../../protocol/index.ts';
import { issuerFor } from '../../protocol/issuer.ts';
import { verifyIssuedToken } from '../../protocol/tokens/verify.ts';
import type { ServerContext } from '../context.ts';

/** The Management API's view of the server: the OAuth server's verification, issuer and rotation passed in as functions. */
export function createManagementContext(context: ServerContext): ManagementContext {
  const keys = createKeyStore(context.database, context.box);
  const settings = context.config.managementApi ?? { rateLimit: 50, rateWindowSeconds: 10 };
  return {
    config: context.config,
    database: context.database,
    box: context.box,
    logger: context.logger,
    runner: context.runner,
    issuer: (request) => issuerFor(context.config, request),
    verifyToken: async (tenantId, token, expected) => ({ ...await verifyIssuedToken(keys, tenantId, token, expected) }),
    rotateSigningKeys: (tenantId) => rotateSigningKeys(context.database, context.box, tenantId),
    // Shared by every node through Redis when configured (context.bucketStore), else per node.
    rateLimiter: createRateLimiter({ limit: settings.rateLimit, windowSeconds: settings.rateWindowSeconds }, context.bucketStore),
  };
}
