export { createTenant, ensureDemoTenant, DEMO_TENANT, DEMO_HOSTNAMES, DEFAULT_CONNECTION, type CreateTenantInput, type CreatedTenant, type TenantDeps } from './create-tenant.ts';
