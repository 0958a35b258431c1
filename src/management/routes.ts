import { actionRoutes } from './actions/handlers.ts';
import { clientGrantRoutes } from './client-grants/handlers.ts';
import { clientRoutes } from './clients/handlers.ts';
import { connectionRoutes } from './connections/handlers.ts';
import { keyRoutes } from './keys/handlers.ts';
import { logRoutes } from './logs/handlers.ts';
import { resourceServerRoutes } from './resource-servers/handlers.ts';
import type { ManagementRoute } from './route.ts';
import { userRoutes } from './users/handlers.ts';

/** Every /api/v2 endpoint, one table per resource. */
export const managementRoutes: readonly ManagementRoute[] = [
  ...userRoutes,
  ...clientRoutes,
  ...clientGrantRoutes,
  ...resourceServerRoutes,
  ...connectionRoutes,
  ...logRoutes,
  ...keyRoutes,
  ...actionRoutes,
];
