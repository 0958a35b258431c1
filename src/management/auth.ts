import { createHash } from 'node:crypto';
import { errors as joseErrors } from 'jose';
import type { FastifyRequest } from 'fastify';
import { GatehouseError } from '../errors/index.ts';
import { managementAudience } from '../flows/tenants/index.ts';
import type { ManagementContext, ManagementToken } from './context.ts';

// Every /api/v2 request carries `Authorization: Bearer <JWT>` that this tenant signed for its
// Management API audience as reached through this very host. A token of another tenant fails
// the signature (other keys) and the issuer/audience (other host), whichever comes first.

const bearer = /^Bearer\s+([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+)\s*$/i;

/** Verifies the request's token; 401 in the Management shape when missing or not valid here. */
export async function authenticate(context: ManagementContext, request: FastifyRequest): Promise<ManagementToken> {
  const header = request.headers.authorization;
  if (!header) throw new GatehouseError('MGMT_UNAUTHORIZED', 'Missing authentication');
  const match = bearer.exec(header);
  if (!match) throw new GatehouseError('MGMT_UNAUTHORIZED', 'Bad HTTP authentication header format');
  const issuer = context.issuer(request);
  let claims: Record<string, unknown>;
  try {
    claims = await context.verifyToken(request.tenant.id, match[1], { issuer, audience: managementAudience(issuer) });
  } catch (err) {
    // Storage failing while the keys are read is the server's problem (5xx), not a bad token.
    if (!(err instanceof joseErrors.JOSEError)) throw err;
    const expired = (err as { code?: string }).code === 'ERR_JWT_EXPIRED';
    throw new GatehouseError('MGMT_UNAUTHORIZED', expired ? 'Expired token received for JSON Web Token validation' : 'Invalid token', { cause: err });
  }
  const scope = typeof claims.scope === 'string' ? claims.scope : '';
  return {
    sub: typeof claims.sub === 'string' ? claims.sub : '',
    clientId: typeof claims.azp === 'string' ? claims.azp : undefined,
    scopes: new Set(scope.split(' ').filter(Boolean)),
    raw: match[1],
  };
}

/** Auth0's rule: any one of the listed scopes suffices. */
export function requireScope(token: ManagementToken, anyOf: readonly string[]): void {
  if (anyOf.length === 0 || anyOf.some((s) => token.scopes.has(s))) return;
  throw new GatehouseError('MGMT_INSUFFICIENT_SCOPE', `Insufficient scope, expected any of: ${anyOf.join(',')}`);
}

/** A stable, non-reversible key for per-token bookkeeping (rate limits) that never stores the token. */
export function tokenKey(tenantId: string, token: ManagementToken): string {
  return `${tenantId}:${createHash('sha256').update(token.raw).digest('base64url').slice(0, 32)}`;
}
