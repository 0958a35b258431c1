import type { Logger } from '../../config/index.ts';
import type { ActionsDeps } from '../../extensibility/actions/index.ts';
import type { ActionCache } from '../../cache/index.ts';
import type { ScriptRunner } from '../../extensibility/custom-db/index.ts';
import type { Database, SecretBox } from '../../storage/index.ts';

/** The handles every pipeline caller already has (ServerContext, ProtocolDeps, UiDeps, CustomDbDeps). */
export interface PipelineDeps {
  readonly database: Database;
  readonly box: SecretBox;
  readonly runner?: ScriptRunner;
  readonly logger?: Logger;
  /** The pipeline's clock (Date); the engine's is epoch milliseconds. */
  readonly now?: () => Date;
  /** Replaces the engine's deps outright (tests: limits, a cache). */
  readonly actions?: ActionsDeps;
  /** api.cache shared by every node (Redis, docs/deploy.md); absent → the engine's default. */
  readonly actionCache?: ActionCache;
}

/** The engine's deps from the pipeline's. */
export function actionsDepsOf(deps: PipelineDeps): ActionsDeps {
  if (deps.actions) return deps.actions;
  const now = deps.now;
  return {
    database: deps.database,
    box: deps.box,
    runner: deps.runner,
    logger: deps.logger,
    ...(deps.actionCache ? { cache: deps.actionCache } : {}),
    ...(now ? { now: () => now().getTime() } : {}),
  };
}
