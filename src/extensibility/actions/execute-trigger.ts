import type { Effects, ExecuteTriggerInput, FlowResult, ActionsDeps } from './types.ts';

export function emptyEffects(): Effects {
  return {
    idTokenClaims: {}, accessTokenClaims: {}, addedScopes: [], removedScopes: [],
    userMetadata: null, appMetadata: null, multifactor: null, authenticationMethods: [],
    transactionMetadata: {}, userId: null,
  };
}

/** Runs the trigger's bound, deployed Actions in order (stub: no Actions yet). */
export async function executeTrigger(_deps: ActionsDeps, _input: ExecuteTriggerInput): Promise<FlowResult> {
  return { status: 'completed', effects: emptyEffects(), executions: [] };
}
