export { createTenant, ensureDemoTenant, findDemoApplication, DEMO_TENANT, DEMO_APPLICATION, API_EXPLORER_APPLICATION, DEMO_HOSTNAMES, DEFAULT_CONNECTION, type CreateTenantInput, type CreatedTenant, type TenantDeps } from './create-tenant.ts';
export {
  MANAGEMENT_SCOPES, MANAGEMENT_AUDIENCE_KEY, MANAGEMENT_API_ID, MANAGEMENT_API_NAME, MANAGEMENT_API_PATH,
  managementAudience, isManagementAudienceOf, findManagementApi, managementApiRecord, grantAudienceOf,
} from './management-api.ts';
