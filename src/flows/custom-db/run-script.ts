import { executeScript, failureToGatehouse, type CalledScript, type ClassifyOptions } from '../../extensibility/custom-db/index.ts';
import type { ConnectionRecord } from '../../storage/index.ts';
import type { CustomDbDeps } from './deps.ts';

export interface ScriptCall extends ClassifyOptions {
  readonly tenantId: string;
  readonly connection: ConnectionRecord;
  readonly script: CalledScript;
  readonly args: readonly unknown[];
  /** Masked in the execution's captured logs (passwords). */
  readonly secrets?: readonly string[];
}

/** The value the script called back with; any failure thrown as the GatehouseError Auth0 would show. */
export async function callScript(deps: CustomDbDeps, call: ScriptCall): Promise<unknown> {
  const outcome = await executeScript(deps, call);
  if (outcome.kind === 'result') return outcome.value;
  throw failureToGatehouse(outcome, { validation: call.validation });
}
