import { createManagementContext } from './management-context.ts';
import { MANAGEMENT_PREFIX, registerManagement } from '../../management/index.ts';
import { toGatehouseError } from '../error-handler.ts';
import type { Surface } from '../context.ts';

/** The Management API v2 at /api/v2 (docs/management-api.md). */
export const management: Surface = {
  name: 'management',
  prefix: MANAGEMENT_PREFIX,
  register(app, context) {
    registerManagement(app, createManagementContext(context), toGatehouseError);
  },
};
