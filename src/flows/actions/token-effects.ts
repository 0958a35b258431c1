import { z } from 'zod';
import type { Effects } from '../../extensibility/actions/index.ts';

/**
 * What a post-login flow changes in the tokens it leads to, as the protocol applies it: custom
 * claims per token, scope changes on the access token, and what is only recorded (a second
 * factor asked for, methods recorded) until Gatehouse has MFA. JSON, so it can wait with an
 * authorization code.
 */
export interface TokenEffects {
  readonly idTokenClaims: Record<string, unknown>;
  readonly accessTokenClaims: Record<string, unknown>;
  readonly addedScopes: readonly string[];
  readonly removedScopes: readonly string[];
  readonly multifactor: { readonly provider: string } | null;
  readonly authenticationMethods: ReadonlyArray<{ readonly name: string; readonly timestamp: number }>;
}

export const TokenEffectsSchema = z.object({
  idTokenClaims: z.record(z.string(), z.unknown()),
  accessTokenClaims: z.record(z.string(), z.unknown()),
  addedScopes: z.array(z.string()),
  removedScopes: z.array(z.string()),
  multifactor: z.object({ provider: z.string() }).passthrough().nullable(),
  authenticationMethods: z.array(z.object({ name: z.string(), timestamp: z.number() })),
});

export const NO_TOKEN_EFFECTS: TokenEffects = {
  idTokenClaims: {}, accessTokenClaims: {}, addedScopes: [], removedScopes: [], multifactor: null, authenticationMethods: [],
};

export function tokenEffectsOf(effects: Effects): TokenEffects {
  return {
    idTokenClaims: effects.idTokenClaims,
    accessTokenClaims: effects.accessTokenClaims,
    addedScopes: effects.addedScopes,
    removedScopes: effects.removedScopes,
    multifactor: effects.multifactor,
    authenticationMethods: effects.authenticationMethods,
  };
}

/** The access token's scopes: granted ones minus those an Action removed, plus those it added. */
export function accessTokenScopes(granted: readonly string[], effects: TokenEffects): string[] {
  const removed = new Set(effects.removedScopes);
  const out = granted.filter((s) => !removed.has(s));
  for (const s of effects.addedScopes) if (!out.includes(s) && !removed.has(s)) out.push(s);
  return out;
}

/** The custom claims per token, in the shape issueTokens takes. */
export function customClaimsOf(effects: TokenEffects): { accessToken: Record<string, unknown>; idToken: Record<string, unknown> } {
  return { accessToken: effects.accessTokenClaims, idToken: effects.idTokenClaims };
}
