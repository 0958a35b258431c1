import { GatehouseError } from '../../errors/index.ts';
import { NO_TOKEN_EFFECTS, TokenEffectsSchema, type TokenEffects } from '../../flows/actions/index.ts';
import { createActionCodeEffectsQueries } from '../../storage/index.ts';
import type { ProtocolDeps } from '../context.ts';

/** The token effects post-login stored beside an authorization code; none when nothing was stored. */
export async function codeTokenEffects(deps: ProtocolDeps, tenantId: string, codeHash: string): Promise<TokenEffects> {
  const stored = await createActionCodeEffectsQueries(deps.database, tenantId).find(codeHash);
  if (!stored) return NO_TOKEN_EFFECTS;
  const parsed = TokenEffectsSchema.safeParse(stored);
  if (!parsed.success) throw new GatehouseError('STORAGE_CORRUPT', 'the Action effects of an authorization code are unreadable');
  return parsed.data;
}
