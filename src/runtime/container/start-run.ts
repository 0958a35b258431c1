// Starts one run message in a container: its execution (log budget, secrets, capabilities,
// `require` for its dependency set), then the script or Action call. The one path every call
// takes, the warm-up's included.
import type { RunMessage } from '../protocol.ts';
import { newExecution } from './execution.ts';
import { runAction } from './run-action.ts';
import { runScript } from './run-script.ts';
import { requireFor, type ContainerState } from './state.ts';

export function startRun(state: ContainerState, msg: RunMessage): void {
  const exec = newExecution({
    runId: msg.runId,
    logLimitChars: msg.logLimitChars,
    secrets: msg.secrets,
    capabilities: msg.capabilities,
    configuration: msg.configuration,
    resolve: requireFor(state, msg),
  });
  if (msg.kind === 'action') runAction(state, msg, exec);
  else runScript(state, msg, exec);
}
