import type { ScriptRunner } from '../../extensibility/custom-db/index.ts';
import type { NativeDbDeps } from '../native-db/index.ts';

/** What the database-connection flows are handed: the native deps plus the script runner. */
export interface CustomDbDeps extends NativeDbDeps {
  /** Runs custom database scripts; without it a custom connection fails with SERVER_ERROR. */
  readonly runner?: ScriptRunner;
}
