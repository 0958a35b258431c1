import { z } from 'zod';
import { GatehouseError } from '../errors/index.ts';
import { transact, type Database } from './database.ts';
import { checkColumn, fromJson, now, orConflict, prefixedId, toJson } from './rows.ts';
import type { SigningKeysTable } from './schema.ts';
import type { SecretBox } from './secret-box.ts';

// Key lifecycle as Auth0's: 'next' is published in the JWKS before it signs, 'current' signs,
// 'previous' stays published so tokens it signed still verify, 'revoked' is gone from the JWKS.
export type SigningKeyStatus = 'current' | 'next' | 'previous' | 'revoked';

export type Jwk = Record<string, unknown>;

export interface SigningKeyRecord {
  tenant_id: string;
  kid: string;
  alg: string;
  /** Decrypted private JWK. */
  private_jwk: Jwk;
  public_jwk: Jwk;
  status: SigningKeyStatus;
  created_at: string;
  rotated_at: string | null;
}

export interface CreateSigningKeyInput {
  kid?: string;
  alg: string;
  private_jwk: Jwk;
  public_jwk: Jwk;
  status: SigningKeyStatus;
}

export interface SigningKeyQueries {
  create(input: CreateSigningKeyInput): Promise<SigningKeyRecord>;
  find(kid: string): Promise<SigningKeyRecord | undefined>;
  /** All keys, newest first. */
  list(): Promise<SigningKeyRecord[]>;
  current(): Promise<SigningKeyRecord | undefined>;
  /** Public JWKs of current, next and previous keys (what the JWKS endpoint serves). */
  publicKeys(): Promise<Jwk[]>;
  /**
   * In one transaction: previous → revoked, current → previous, next → current.
   * Returns the new current key, or undefined when there was no 'next' key to promote.
   */
  rotate(): Promise<SigningKeyRecord | undefined>;
  setStatus(kid: string, status: SigningKeyStatus): Promise<boolean>;
  remove(kid: string): Promise<boolean>;
}

const jwk = z.record(z.string(), z.unknown());
const status = z.enum(['current', 'next', 'previous', 'revoked']);

export function createSigningKeyQueries(database: Database, box: SecretBox, tenantId: string): SigningKeyQueries {
  const { db } = database;
  const context = (kid: string) => `signing_keys:${tenantId}:${kid}`;

  function toRecord(row: SigningKeysTable): SigningKeyRecord {
    const where = `signing_keys.${row.kid}`;
    return {
      tenant_id: row.tenant_id,
      kid: row.kid,
      alg: row.alg,
      private_jwk: fromJson(jwk, box.open(row.private_jwk_enc, context(row.kid)), `${where}.private_jwk`),
      public_jwk: fromJson(jwk, row.public_jwk, `${where}.public_jwk`),
      status: checkColumn(status, row.status, `${where}.status`),
      created_at: row.created_at,
      rotated_at: row.rotated_at,
    };
  }

  const select = () => db.selectFrom('signing_keys').selectAll().where('tenant_id', '=', tenantId);

  async function find(kid: string): Promise<SigningKeyRecord | undefined> {
    const row = await select().where('kid', '=', kid).executeTakeFirst();
    return row && toRecord(row);
  }

  async function byStatus(s: SigningKeyStatus): Promise<SigningKeyRecord | undefined> {
    const row = await select().where('status', '=', s).orderBy('created_at', 'desc').executeTakeFirst();
    return row && toRecord(row);
  }

  return {
    async create(input) {
      const kid = input.kid ?? prefixedId('key');
      const row: SigningKeysTable = {
        tenant_id: tenantId,
        kid,
        alg: input.alg,
        private_jwk_enc: box.seal(toJson(input.private_jwk), context(kid)),
        public_jwk: toJson({ ...input.public_jwk, kid }),
        status: input.status,
        created_at: now(),
        rotated_at: null,
      };
      await orConflict(() => db.insertInto('signing_keys').values(row).execute(),
        () => new GatehouseError('MGMT_CONFLICT', `a signing key with kid ${kid} already exists`));
      return toRecord(row);
    },

    find,

    async list() {
      return (await select().orderBy('created_at', 'desc').orderBy('kid').execute()).map(toRecord);
    },

    current: () => byStatus('current'),

    async publicKeys() {
      const rows = await db.selectFrom('signing_keys').select(['kid', 'public_jwk'])
        .where('tenant_id', '=', tenantId).where('status', 'in', ['current', 'next', 'previous'])
        .orderBy('created_at', 'desc').execute();
      return rows.map((r) => fromJson(jwk, r.public_jwk, `signing_keys.${r.kid}.public_jwk`));
    },

    async rotate() {
      const kid = await transact(db, async (trx) => {
        const next = await trx.selectFrom('signing_keys').select('kid')
          .where('tenant_id', '=', tenantId).where('status', '=', 'next').orderBy('created_at').executeTakeFirst();
        if (!next) return undefined;
        const at = now();
        const move = (from: SigningKeyStatus, to: SigningKeyStatus) => trx.updateTable('signing_keys')
          .set({ status: to, rotated_at: at }).where('tenant_id', '=', tenantId).where('status', '=', from);
        await move('previous', 'revoked').execute();
        await move('current', 'previous').execute();
        await trx.updateTable('signing_keys').set({ status: 'current', rotated_at: at })
          .where('tenant_id', '=', tenantId).where('kid', '=', next.kid).execute();
        return next.kid;
      });
      return kid === undefined ? undefined : find(kid);
    },

    async setStatus(kid, s) {
      const r = await db.updateTable('signing_keys').set({ status: s, rotated_at: now() })
        .where('tenant_id', '=', tenantId).where('kid', '=', kid).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async remove(kid) {
      const r = await db.deleteFrom('signing_keys').where('tenant_id', '=', tenantId).where('kid', '=', kid).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
