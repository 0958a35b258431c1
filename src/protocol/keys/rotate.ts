import { createSigningKeyQueries, inTransaction, type Database, type SecretBox, type SigningKeyRecord } from '../../storage/index.ts';
import { generateSigningKey } from './generate.ts';
import { maxTokenLifetime } from './lifetimes.ts';

export interface RotationResult {
  /** The key that signs from now on. */
  readonly current: string;
  /** The key published ahead of the next rotation. */
  readonly next: string;
  /** Keys that stopped signing and stay published until their tokens have expired. */
  readonly previous: readonly string[];
  /** Keys removed from the JWKS by this rotation (their tokens have all expired). */
  readonly revoked: readonly string[];
}

/** Previous keys whose last possible token has expired by `at`. */
export function expiredPrevious(keys: readonly SigningKeyRecord[], lifetimeSeconds: number, at: Date): SigningKeyRecord[] {
  return keys.filter((k) => k.status === 'previous' && k.rotated_at !== null
    && Date.parse(k.rotated_at) + lifetimeSeconds * 1000 <= at.getTime());
}

/**
 * Rotates a tenant's signing keys as Auth0 does: the published `next` key starts signing, the
 * `current` one becomes `previous` and stays in the JWKS until every token it signed has
 * expired, and a new `next` is published. Unlike storage's rotate(), earlier previous keys are
 * not dropped early: two rotations in a day keep all three verifying.
 */
export async function rotateSigningKeys(database: Database, box: SecretBox, tenantId: string, at: Date = new Date()): Promise<RotationResult> {
  // Generated outside the transaction: RSA generation takes long enough to hold a lock needlessly.
  const [spareNext, newNext] = await Promise.all([generateSigningKey('next'), generateSigningKey('next')]);
  const lifetime = await maxTokenLifetime(database, tenantId);
  return inTransaction(database, async (tx) => {
    const keys = createSigningKeyQueries(tx, box, tenantId);
    const all = await keys.list();
    const next = all.find((k) => k.status === 'next') ?? await keys.create(spareNext);
    for (const k of all.filter((k) => k.status === 'current')) await keys.setStatus(k.kid, 'previous');
    await keys.setStatus(next.kid, 'current');
    const created = await keys.create(newNext);
    const after = await keys.list();
    const revoked = expiredPrevious(after, lifetime, at);
    for (const k of revoked) await keys.setStatus(k.kid, 'revoked');
    return {
      current: next.kid,
      next: created.kid,
      previous: after.filter((k) => k.status === 'previous' && !revoked.some((r) => r.kid === k.kid)).map((k) => k.kid),
      revoked: revoked.map((k) => k.kid),
    };
  });
}
