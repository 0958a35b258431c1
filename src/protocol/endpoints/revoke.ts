import type { FastifyInstance } from 'fastify';
import { createRefreshTokenQueries } from '../../storage/index.ts';
import type { ProtocolContext } from '../context.ts';
import { parseParams, required } from '../params.ts';
import { sha256Hex } from '../random.ts';
import { authenticateClient } from '../token/client-auth.ts';

/**
 * POST /oauth/revoke (RFC 7009): revokes a refresh token and the rest of its rotation family.
 * Unknown tokens and other clients' tokens get the same empty 200, so the answer reveals
 * nothing; only the owning client can revoke.
 */
export function registerRevoke(app: FastifyInstance, context: ProtocolContext): void {
  app.post('/oauth/revoke', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const params = parseParams(request.body);
    const { client } = await authenticateClient(context, request, params);
    const token = required(params, 'token');
    const tokens = createRefreshTokenQueries(context.database, request.tenant.id);
    const row = await tokens.find(sha256Hex(token));
    if (row && row.client_id === client.client_id) await tokens.revokeFamily(row.family_id);
    return reply.code(200).send();
  });
}
