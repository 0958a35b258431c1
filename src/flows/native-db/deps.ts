import type { Logger } from '../../config/index.ts';
import type { Database, SecretBox } from '../../storage/index.ts';
import { createStorageAttemptCounter, type AttemptCounter } from './attempt-counter.ts';
import { createLogMailer, type Mailer } from './mailer.ts';

/** What the native database functions are handed; only `database` and `box` are required. */
export interface NativeDbDeps {
  readonly database: Database;
  readonly box: SecretBox;
  /** Brute-force counters; defaults to the database (a Redis one replaces it when scaled). */
  readonly attempts?: AttemptCounter;
  /** Where emails go; defaults to the tenant's execution log plus the server log (development). */
  readonly mailer?: Mailer;
  readonly logger?: Logger;
  /** The clock for ticket expiry; tests move it. */
  readonly now?: () => Date;
}

export interface ResolvedDeps {
  readonly database: Database;
  readonly box: SecretBox;
  readonly attempts: AttemptCounter;
  readonly mailer: Mailer;
  readonly now: () => Date;
}

export function resolveDeps(deps: NativeDbDeps): ResolvedDeps {
  return {
    database: deps.database,
    box: deps.box,
    attempts: deps.attempts ?? createStorageAttemptCounter(deps.database),
    mailer: deps.mailer ?? createLogMailer(deps.database, deps.logger),
    now: deps.now ?? (() => new Date()),
  };
}
