import { GatehouseError } from '../errors/index.ts';
import { transact, type Database } from './database.ts';
import { now, orConflict, prefixedId } from './rows.ts';
import type { TenantsTable } from './schema.ts';

export interface Tenant {
  id: string;
  name: string;
  created_at: string;
  hostnames: string[];
}

export interface CreateTenantInput {
  name: string;
  hostnames?: string[];
  /** Defaults to a new `ten_…` id. */
  id?: string;
}

/**
 * A Host header as a lookup key: lowercase, no port, no trailing dot. Bracketed IPv6
 * literals keep their brackets ("[::1]:3000" → "[::1]").
 */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    h = end === -1 ? h : h.slice(0, end + 1);
  } else {
    const colon = h.indexOf(':');
    if (colon !== -1 && colon === h.lastIndexOf(':')) h = h.slice(0, colon);
  }
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

export interface TenantQueries {
  create(input: CreateTenantInput): Promise<Tenant>;
  list(): Promise<Tenant[]>;
  findById(id: string): Promise<Tenant | undefined>;
  findByName(name: string): Promise<Tenant | undefined>;
  /** Resolves a request's Host header (port and case ignored). */
  findByHostname(host: string): Promise<Tenant | undefined>;
  addHostname(tenantId: string, hostname: string): Promise<void>;
  removeHostname(tenantId: string, hostname: string): Promise<boolean>;
  /** Deletes the tenant and, by cascade, everything it owns. */
  remove(id: string): Promise<boolean>;
}

export function createTenantQueries(database: Database): TenantQueries {
  const { db } = database;

  const hostTaken = (hostname: string) =>
    new GatehouseError('MGMT_CONFLICT', `the hostname ${hostname} already belongs to a tenant`);

  async function withHostnames(rows: TenantsTable[]): Promise<Tenant[]> {
    if (rows.length === 0) return [];
    const hosts = await db.selectFrom('tenant_hostnames').select(['tenant_id', 'hostname'])
      .where('tenant_id', 'in', rows.map((r) => r.id)).orderBy('hostname').execute();
    return rows.map((r) => ({
      id: r.id, name: r.name, created_at: r.created_at,
      hostnames: hosts.filter((h) => h.tenant_id === r.id).map((h) => h.hostname),
    }));
  }

  async function one(row: TenantsTable | undefined): Promise<Tenant | undefined> {
    return row ? (await withHostnames([row]))[0] : undefined;
  }

  return {
    async create(input) {
      const row: TenantsTable = { id: input.id ?? prefixedId('ten'), name: input.name, created_at: now() };
      const hostnames = [...new Set((input.hostnames ?? []).map(normalizeHost))];
      await transact(db, async (trx) => {
        await orConflict(() => trx.insertInto('tenants').values(row).execute(),
          () => new GatehouseError('TENANT_EXISTS', `a tenant named ${input.name} already exists`));
        for (const hostname of hostnames) {
          await orConflict(() => trx.insertInto('tenant_hostnames').values({ hostname, tenant_id: row.id, created_at: row.created_at }).execute(),
            () => hostTaken(hostname));
        }
      });
      return { ...row, hostnames: hostnames.sort() };
    },

    async list() {
      return withHostnames(await db.selectFrom('tenants').selectAll().orderBy('name').execute());
    },

    async findById(id) {
      return one(await db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst());
    },

    async findByName(name) {
      return one(await db.selectFrom('tenants').selectAll().where('name', '=', name).executeTakeFirst());
    },

    async findByHostname(host) {
      const row = await db.selectFrom('tenant_hostnames')
        .innerJoin('tenants', 'tenants.id', 'tenant_hostnames.tenant_id')
        .select(['tenants.id', 'tenants.name', 'tenants.created_at'])
        .where('tenant_hostnames.hostname', '=', normalizeHost(host))
        .executeTakeFirst();
      return one(row);
    },

    async addHostname(tenantId, hostname) {
      const h = normalizeHost(hostname);
      await orConflict(() => db.insertInto('tenant_hostnames').values({ hostname: h, tenant_id: tenantId, created_at: now() }).execute(),
        () => hostTaken(h));
    },

    async removeHostname(tenantId, hostname) {
      const r = await db.deleteFrom('tenant_hostnames')
        .where('tenant_id', '=', tenantId).where('hostname', '=', normalizeHost(hostname)).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    async remove(id) {
      const r = await db.deleteFrom('tenants').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
