import {
  createAuthorizationCodeQueries, createLoginTransactionQueries, type Database,
} from '../storage/index.ts';
import { REFRESH_TOKEN_LIFETIME } from './defaults.ts';

/** How often a request pays for a sweep: about one /authorize in this many. */
export const SWEEP_ONE_IN = 200;

export interface SweepResult {
  readonly loginTransactions: number;
  readonly authorizationCodes: number;
  readonly sessions: number;
  readonly refreshTokens: number;
}

/**
 * Deletes a tenant's expired protocol state. Codes and refresh tokens are kept a refresh-token
 * lifetime past expiry first: a replayed code or rotated token must still be recognised (and
 * its family revoked) for a while, rather than look merely unknown.
 */
export async function sweepExpired(database: Database, tenantId: string, at: Date = new Date()): Promise<SweepResult> {
  const now = at.toISOString();
  const graceBefore = new Date(at.getTime() - REFRESH_TOKEN_LIFETIME * 1000).toISOString();
  const loginTransactions = await createLoginTransactionQueries(database, tenantId).deleteExpired(now);
  const authorizationCodes = await createAuthorizationCodeQueries(database, tenantId).deleteExpired(graceBefore);
  const sessions = Number((await database.db.deleteFrom('sessions')
    .where('tenant_id', '=', tenantId).where('expires_at', '<', now).executeTakeFirst()).numDeletedRows);
  const refreshTokens = Number((await database.db.deleteFrom('refresh_tokens')
    .where('tenant_id', '=', tenantId).where('expires_at', '<', graceBefore).executeTakeFirst()).numDeletedRows);
  return { loginTransactions, authorizationCodes, sessions, refreshTokens };
}

/** Now and then, a sweep after a request; failures only log, they never fail the request. */
export function maybeSweep(database: Database, tenantId: string, onError: (err: unknown) => void, random: () => number = Math.random): void {
  if (random() * SWEEP_ONE_IN >= 1) return;
  sweepExpired(database, tenantId).catch(onError);
}
