import type { Database } from './database.ts';
import { now } from './rows.ts';

export interface LoginAttemptKey {
  connection: string;
  user_id: string;
  /** The end user's IP as the server saw it (or as a trusted client forwarded it); '' when unknown. */
  ip: string;
}

export interface LoginAttemptQueries {
  /** Consecutive failures recorded for this (user, IP); 0 when none. */
  failures(key: LoginAttemptKey): Promise<number>;
  /** Adds one failure atomically (concurrent failures all count) and returns the new total. */
  recordFailure(key: LoginAttemptKey): Promise<number>;
  /** Forgets the failures of this (user, IP): after a successful login. */
  reset(key: LoginAttemptKey): Promise<void>;
  /** Forgets the failures of the user from every IP: after a password change or an admin unblock. */
  resetUser(connection: string, userId: string): Promise<number>;
}

export function createLoginAttemptQueries(database: Database, tenantId: string): LoginAttemptQueries {
  const { db } = database;
  const byKey = (key: LoginAttemptKey) => db.selectFrom('login_attempts').select('failures')
    .where('tenant_id', '=', tenantId).where('connection', '=', key.connection)
    .where('user_id', '=', key.user_id).where('ip', '=', key.ip);

  return {
    async failures(key) {
      const row = await byKey(key).executeTakeFirst();
      return row ? Number(row.failures) : 0;
    },

    async recordFailure(key) {
      const at = now();
      // One upsert statement on both dialects (SQLite ≥ 3.35 and PostgreSQL both have
      // ON CONFLICT … RETURNING), so two failures racing cannot both read n and write n + 1.
      const row = await db.insertInto('login_attempts')
        .values({ tenant_id: tenantId, connection: key.connection, user_id: key.user_id, ip: key.ip, failures: 1, first_failed_at: at, last_failed_at: at })
        .onConflict((oc) => oc.columns(['tenant_id', 'connection', 'user_id', 'ip'])
          .doUpdateSet((eb) => ({ failures: eb('login_attempts.failures', '+', 1), last_failed_at: at })))
        .returning('failures')
        .executeTakeFirstOrThrow();
      return Number(row.failures);
    },

    async reset(key) {
      await db.deleteFrom('login_attempts')
        .where('tenant_id', '=', tenantId).where('connection', '=', key.connection)
        .where('user_id', '=', key.user_id).where('ip', '=', key.ip).execute();
    },

    async resetUser(connection, userId) {
      const r = await db.deleteFrom('login_attempts')
        .where('tenant_id', '=', tenantId).where('connection', '=', connection).where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
