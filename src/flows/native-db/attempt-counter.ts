import { createLoginAttemptQueries, type Database } from '../../storage/index.ts';

/** Auth0's brute-force threshold: 10 consecutive failures for one user from one IP. */
export const BRUTE_FORCE_THRESHOLD = 10;

export interface AttemptKey {
  readonly tenantId: string;
  readonly connection: string;
  readonly userId: string;
  /** '' when the IP is unknown. */
  readonly ip: string;
}

/**
 * Consecutive failed logins per (tenant, connection, user, IP). Stored in the database now; a
 * Redis implementation of the same interface shares counts across nodes in the scaled setup.
 */
export interface AttemptCounter {
  failures(key: AttemptKey): Promise<number>;
  /** Counts one more failure atomically; returns the new count. */
  recordFailure(key: AttemptKey): Promise<number>;
  /** After a successful login from this IP. */
  reset(key: AttemptKey): Promise<void>;
  /** After a password change or an admin unblock: every IP of the user. */
  resetUser(tenantId: string, connection: string, userId: string): Promise<number>;
}

export function createStorageAttemptCounter(database: Database): AttemptCounter {
  const q = (tenantId: string) => createLoginAttemptQueries(database, tenantId);
  const row = (k: AttemptKey) => ({ connection: k.connection, user_id: k.userId, ip: k.ip });
  return {
    failures: (k) => q(k.tenantId).failures(row(k)),
    recordFailure: (k) => q(k.tenantId).recordFailure(row(k)),
    reset: (k) => q(k.tenantId).reset(row(k)),
    resetUser: (tenantId, connection, userId) => q(tenantId).resetUser(connection, userId),
  };
}
