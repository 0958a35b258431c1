// Applies one Action's recorded commands to the flow (actions.md §5): claims, scopes, metadata
// patches, transaction metadata (visible to later Actions at once), cache writes, and whether
// the flow stops (deny, validation error) or suspends (redirect). The container validated the
// arguments already; they are checked again here because user code shares its realm.
import type { ActionCacheOp } from '../../cache/action-cache.ts';
import { transactionMetadataLimits } from './limits.ts';
import type { ActionLimits, Command, Effects, TriggerId } from './types.ts';

export type Stop =
  | { readonly kind: 'deny'; readonly code: string; readonly reason: string; readonly userMessage?: string }
  | { readonly kind: 'validation'; readonly errorCode: string; readonly errorMessage: string }
  | { readonly kind: 'redirect'; readonly url: string; readonly query: Record<string, string> };

export interface Folded {
  readonly stop: Stop | null;
  readonly cacheOps: ActionCacheOp[];
}

export class CommandError extends Error {}

// Auth0 drops non-namespaced custom claims that collide with these (actions.md §4.1 [unverified list]).
const reservedClaims = new Set(['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'azp', 'nonce', 'auth_time', 'at_hash', 'c_hash', 'acr', 'amr', 'sid', 'org_id', 'gty', 'permissions', 'scope']);

const str = (value: unknown, what: string): string => {
  if (typeof value !== 'string') throw new CommandError(`${what} must be a string`);
  return value;
};

function setClaim(claims: Record<string, unknown>, key: unknown, value: unknown): void {
  const name = str(key, 'a claim name');
  if (reservedClaims.has(name)) return;
  if (value === null || value === undefined) delete claims[name];
  else claims[name] = value;
}

function patch(current: Record<string, unknown> | null, key: unknown, value: unknown): Record<string, unknown> {
  return { ...(current ?? {}), [str(key, 'a metadata key')]: value ?? null };
}

function utf8(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

function setTransactionMetadata(metadata: Record<string, string | number | boolean>, key: unknown, value: unknown): void {
  const name = str(key, 'a transaction metadata key');
  if (name.length === 0 || name.length > transactionMetadataLimits.keyChars) throw new CommandError('a transaction metadata key is too long');
  if (value === null || value === undefined) {
    delete metadata[name];
    return;
  }
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw new CommandError('a transaction metadata value has a bad type');
  if (utf8(String(value)) > transactionMetadataLimits.transactionValueBytes) throw new CommandError('a transaction metadata value is too large');
  metadata[name] = value;
  const total = Object.entries(metadata).reduce((n, [k, v]) => n + utf8(k) + utf8(String(v)), 0);
  if (total > transactionMetadataLimits.transactionTotalBytes) throw new CommandError('transaction metadata is too large');
}

function scopeChange(effects: Effects, scope: unknown, add: boolean): void {
  const name = str(scope, 'a scope').trim();
  const [to, from] = add ? [effects.addedScopes, effects.removedScopes] : [effects.removedScopes, effects.addedScopes];
  const at = from.indexOf(name);
  if (at !== -1) from.splice(at, 1);
  if (!to.includes(name)) to.push(name);
}

/**
 * Folds commands into `effects` and `transactionMetadata` (both mutated). Throws CommandError
 * for a command no harness could have produced.
 */
export function foldCommands(
  trigger: TriggerId, commands: readonly Command[], effects: Effects, transactionMetadata: Record<string, string | number | boolean>,
  limits: ActionLimits, now: number,
): Folded {
  const cacheOps: ActionCacheOp[] = [];
  let deny: Stop | null = null;
  let validation: Stop | null = null;
  let redirect: Stop | null = null;
  for (const { api, args } of commands) {
    switch (api) {
      case 'idToken.setCustomClaim': setClaim(effects.idTokenClaims, args[0], args[1]); break;
      case 'accessToken.setCustomClaim': setClaim(effects.accessTokenClaims, args[0], args[1]); break;
      case 'accessToken.addScope': scopeChange(effects, args[0], true); break;
      case 'accessToken.removeScope': scopeChange(effects, args[0], false); break;
      case 'user.setUserMetadata': effects.userMetadata = patch(effects.userMetadata, args[0], args[1]); break;
      case 'user.setAppMetadata': effects.appMetadata = patch(effects.appMetadata, args[0], args[1]); break;
      case 'user.setUserId': effects.userId = str(args[0], 'a user id'); break;
      case 'multifactor.enable': {
        const options = (args[1] ?? {}) as Record<string, unknown>;
        effects.multifactor = {
          provider: str(args[0], 'an MFA provider'),
          ...(typeof options.allowRememberBrowser === 'boolean' ? { allowRememberBrowser: options.allowRememberBrowser } : {}),
          ...(options.providerOptions && typeof options.providerOptions === 'object' ? { providerOptions: options.providerOptions as Record<string, unknown> } : {}),
        };
        break;
      }
      case 'authentication.recordMethod': effects.authenticationMethods.push({ name: str(args[0], 'a method URL'), timestamp: now }); break;
      case 'transaction.setMetadata': setTransactionMetadata(transactionMetadata, args[0], args[1]); break;
      case 'cache.set': {
        const key = str(args[0], 'a cache key');
        const value = str(args[1], 'a cache value');
        const expiresAt = Number(args[2]);
        if (utf8(key) > limits.cacheKeyBytes || utf8(value) > limits.cacheValueBytes) throw new CommandError('a cache entry is too large');
        if (!Number.isFinite(expiresAt) || expiresAt <= now || expiresAt > now + limits.cacheMaxTtlMs + 1) throw new CommandError('a cache entry has a bad expiry');
        cacheOps.push({ op: 'set', key, value, expires_at: expiresAt });
        break;
      }
      case 'cache.delete': cacheOps.push({ op: 'delete', key: str(args[0], 'a cache key') }); break;
      case 'access.deny':
        deny = trigger === 'credentials-exchange'
          ? { kind: 'deny', code: str(args[0], 'a deny code'), reason: str(args[1], 'a deny reason') }
          : trigger === 'pre-user-registration'
            ? { kind: 'deny', code: 'access_denied', reason: str(args[0], 'a deny reason'), userMessage: str(args[1], 'a user message') }
            : { kind: 'deny', code: 'access_denied', reason: str(args[0], 'a deny reason') };
        break;
      case 'validation.error':
        validation = { kind: 'validation', errorCode: str(args[0], 'an error code'), errorMessage: str(args[1], 'an error message') };
        break;
      case 'redirect.sendUserTo': {
        const query = (args[1] ?? {}) as Record<string, unknown>;
        redirect = {
          kind: 'redirect',
          url: str(args[0], 'a redirect URL'),
          query: Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])),
        };
        break;
      }
      default:
        throw new CommandError(`unknown command ${api}`);
    }
  }
  effects.transactionMetadata = { ...transactionMetadata };
  return { stop: deny ?? validation ?? redirect, cacheOps };
}
