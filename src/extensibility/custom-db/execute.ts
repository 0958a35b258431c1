import type { Logger } from '../../config/index.ts';
import { GatehouseError } from '../../errors/index.ts';
import { dependenciesForScripts } from '../../runtime/modules/default-allowlist.ts';
import { installDependencySet } from '../../runtime/modules/install.ts';
import type { Outcome } from '../../runtime/runner.ts';
import { createExecutionLogQueries, type ConnectionRecord, type Database } from '../../storage/index.ts';
import type { ScriptRunner } from './script-runner.ts';
import { stubSource, type CalledScript } from './scripts.ts';

export interface ExecuteDeps {
  readonly database: Database;
  readonly runner?: ScriptRunner;
  readonly logger?: Logger;
}

export interface ExecuteInput {
  readonly tenantId: string;
  readonly connection: ConnectionRecord;
  readonly script: CalledScript;
  /** Positional arguments, without the callback (the runtime appends it). */
  readonly args: readonly unknown[];
  /** Values to mask in captured logs besides the configuration (the password being checked). */
  readonly secrets?: readonly string[];
}

/** Execution-log type of a custom database script: `custom-db:login`, `custom-db:get_user`, … */
export const executionType = (script: CalledScript) => `custom-db:${script}`;

// One dependency set per connection version (scripts of a connection share a container, so
// they share one set). Recomputed only when a save changed the scripts.
const setsByVersion = new Map<string, Record<string, string>>();

function dependencySet(tenantId: string, connection: ConnectionRecord): Record<string, string> {
  const key = `${tenantId}\u0000${connection.id}\u0000${connection.scripts_version}`;
  let set = setsByVersion.get(key);
  if (!set) {
    set = dependenciesForScripts(Object.values(connection.custom_scripts));
    if (setsByVersion.size > 1000) setsByVersion.clear();
    setsByVersion.set(key, set);
  }
  return set;
}

/** The per-connection time limit (a Gatehouse option, for connections whose store must answer fast); else the runtime's. */
function timeoutOf(connection: ConnectionRecord): number | undefined {
  const value = connection.options.script_timeout_ms;
  return typeof value === 'number' && Number.isInteger(value) && value >= 100 && value <= 600_000 ? value : undefined;
}

/** Gatehouse option `script_containers` (1–16, default 1): how many containers share a connection's calls. */
function containersOf(connection: ConnectionRecord): number {
  const value = connection.options.script_containers;
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 16 ? value : 1;
}

const turns = new Map<string, number>();

/**
 * The container key of a call. One container per connection is the default (its scripts share
 * `global`, SPEC.md §2). A busy connection can spread its calls over several containers, round
 * robin, as Auth0 spreads them over a pool without affinity: `global` is then per container.
 */
function containerKeyOf(tenantId: string, connection: ConnectionRecord): string {
  const n = containersOf(connection);
  if (n === 1) return connection.id;
  const key = `${tenantId}\u0000${connection.id}`;
  const turn = ((turns.get(key) ?? -1) + 1) % n;
  turns.set(key, turn);
  return `${connection.id}#${turn}`;
}

/**
 * Runs one script of a connection in the connection's container (key = connection id, so its
 * scripts share `global`; version = scripts_version, so a save recycles) and records the
 * execution in the tenant's log. Never throws for what the script does: the outcome says it.
 */
export async function executeScript(deps: ExecuteDeps, input: ExecuteInput): Promise<Outcome> {
  const { connection, script } = input;
  if (!deps.runner) throw new GatehouseError('SERVER_ERROR', 'custom database scripts need a script runner, and none was configured');
  const dependencies = dependencySet(input.tenantId, connection);
  if (Object.keys(dependencies).length > 0) {
    // Installed at save; this only checks the marker, unless this node's cache lacks the set.
    await installDependencySet(deps.runner.moduleCacheDir, dependencies);
  }
  const configuration = connection.configuration;
  const outcome = await deps.runner.run({
    tenant: input.tenantId,
    containerKey: containerKeyOf(input.tenantId, connection),
    codeId: `${connection.name}.${script}`,
    codeVersion: String(connection.scripts_version),
    source: connection.custom_scripts[script] ?? stubSource(script),
    kind: 'script',
    args: input.args,
    configuration,
    secrets: [...Object.values(configuration), ...(input.secrets ?? [])].filter((s) => s.length > 0),
    dependencies,
    timeoutMs: timeoutOf(connection),
  });
  await record(deps, input, outcome);
  return outcome;
}

async function record(deps: ExecuteDeps, input: ExecuteInput, outcome: Outcome): Promise<void> {
  const details: Record<string, unknown> = {
    connection: input.connection.name,
    script: input.script,
    scripts_version: input.connection.scripts_version,
    container: outcome.container,
    logs_truncated: outcome.logsTruncated,
  };
  if (outcome.kind === 'user-error') details.error = outcome.error;
  else if (outcome.kind !== 'result') details.message = outcome.message;
  if (!(input.script in input.connection.custom_scripts)) details.stub = true;
  try {
    await createExecutionLogQueries(deps.database, input.tenantId).insert({
      type: executionType(input.script),
      code_id: input.connection.id,
      outcome: outcome.kind,
      duration_ms: outcome.durationMs,
      logs: outcome.logs.map((l) => ({ level: l.level, message: l.message })),
      details,
    });
  } catch (err) {
    // A full or briefly unreachable log table must not turn a good login into a failure.
    deps.logger?.error({ err, script: input.script, connection: input.connection.name }, 'could not record a script execution');
  }
}
