import { GatehouseError } from '../errors/index.ts';

/**
 * A Redis failure as the client sees it. A server reply error (WRONGTYPE, a script bug) is a
 * programming error and stays what it is; anything else (connection refused or lost, command
 * timeout, the offline queue being off) means Redis is not there right now: CACHE_UNAVAILABLE,
 * which answers 503 temporarily_unavailable and lets the caller retry once Redis is back.
 */
export function cacheFailure(err: unknown): Error {
  if (err instanceof GatehouseError) return err;
  if (err instanceof Error && err.name === 'ReplyError' && !/^(LOADING|BUSY|MASTERDOWN|READONLY)/.test(err.message)) return err;
  return new GatehouseError('CACHE_UNAVAILABLE', undefined, { cause: err });
}

/** Runs one Redis call and maps its failure. */
export async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw cacheFailure(err);
  }
}
