import { importJWK, type JWK } from 'jose';
import { createSigningKeyQueries, type Database, type Jwk, type SecretBox, type SigningKeyRecord } from '../../storage/index.ts';
import { generateSigningKey, SIGNING_ALG } from './generate.ts';
import { maxTokenLifetime } from './lifetimes.ts';

type SigningKeyObject = Awaited<ReturnType<typeof importJWK>>;

export interface SigningKey {
  readonly kid: string;
  readonly alg: string;
  readonly key: SigningKeyObject;
}

export interface KeyStore {
  /** The tenant's current signing key, created (with a published next key) on first use. */
  signingKey(tenantId: string): Promise<SigningKey>;
  /** Public JWKs to publish: current, next, and previous keys whose tokens may still be live. */
  publishedKeys(tenantId: string): Promise<Jwk[]>;
  /** A published key by kid, for verifying tokens this server issued; undefined when unknown or retired. */
  verificationKey(tenantId: string, kid: string): Promise<SigningKeyObject | undefined>;
}

export interface KeyStoreOptions {
  readonly now?: () => Date;
}

export function createKeyStore(database: Database, box: SecretBox, options: KeyStoreOptions = {}): KeyStore {
  const clock = options.now ?? (() => new Date());
  // kid → imported private key. Which kid is current is asked of storage on every use (one
  // indexed lookup), so a rotation by the CLI or another node takes effect at once.
  const signing = new Map<string, SigningKey>();
  const creating = new Map<string, Promise<SigningKeyRecord>>();
  // kid → imported public key; a kid never changes its key, so this never goes stale.
  const imported = new Map<string, SigningKeyObject>();

  // Two requests of a fresh tenant arriving together create one key pair, not two.
  async function loadCurrent(tenantId: string): Promise<SigningKeyRecord> {
    const keys = createSigningKeyQueries(database, box, tenantId);
    const found = await keys.current();
    if (found) return found;
    let pending = creating.get(tenantId);
    if (!pending) {
      pending = (async () => {
        const [current, next] = await Promise.all([generateSigningKey('current'), generateSigningKey('next')]);
        const again = await keys.current();
        if (again) return again;
        const created = await keys.create(current);
        await keys.create(next);
        return created;
      })().finally(() => creating.delete(tenantId));
      creating.set(tenantId, pending);
    }
    return pending;
  }

  async function publishedKeys(tenantId: string): Promise<Jwk[]> {
    const keys = createSigningKeyQueries(database, box, tenantId);
    let all = await keys.list();
    if (!all.some((k) => k.status === 'current')) {
      await loadCurrent(tenantId);
      all = await keys.list();
    }
    const lifetimeMs = (await maxTokenLifetime(database, tenantId)) * 1000;
    const at = clock().getTime();
    return all.filter((k) => k.status === 'current' || k.status === 'next'
      || (k.status === 'previous' && (k.rotated_at === null || Date.parse(k.rotated_at) + lifetimeMs > at)))
      .map((k) => ({ ...k.public_jwk, kid: k.kid, alg: k.alg, use: 'sig' }));
  }

  return {
    async signingKey(tenantId) {
      const row = await database.db.selectFrom('signing_keys').select('kid')
        .where('tenant_id', '=', tenantId).where('status', '=', 'current').orderBy('created_at', 'desc').executeTakeFirst();
      const cached = row && signing.get(`${tenantId}:${row.kid}`);
      if (cached) return cached;
      const record = await loadCurrent(tenantId);
      const key: SigningKey = { kid: record.kid, alg: record.alg, key: await importJWK(record.private_jwk as JWK, record.alg) };
      signing.set(`${tenantId}:${record.kid}`, key);
      return key;
    },

    publishedKeys,

    async verificationKey(tenantId, kid) {
      const jwk = (await publishedKeys(tenantId)).find((k) => k.kid === kid);
      if (!jwk) return undefined;
      const cacheKey = `${tenantId}:${kid}`;
      let key = imported.get(cacheKey);
      if (!key) {
        key = await importJWK(jwk as JWK, SIGNING_ALG);
        imported.set(cacheKey, key);
      }
      return key;
    },
  };
}
