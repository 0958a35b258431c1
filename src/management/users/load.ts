import { GatehouseError } from '../../errors/index.ts';
import { createIdentityQueries, createUserQueries, type UserRecord } from '../../storage/index.ts';
import type { ManagementContext } from '../context.ts';
import { renderUser } from './render.ts';

export async function findUserOr404(context: ManagementContext, tenantId: string, userId: string): Promise<UserRecord> {
  const user = await createUserQueries(context.database, tenantId).find(userId);
  if (!user) throw new GatehouseError('MGMT_USER_NOT_FOUND', 'The user does not exist.');
  return user;
}

export async function loadRendered(context: ManagementContext, tenantId: string, user: UserRecord, withIdpTokens: boolean): Promise<Record<string, unknown>> {
  const identities = await createIdentityQueries(context.database, context.box, tenantId).listForUser(user.user_id);
  return renderUser(user, identities, withIdpTokens);
}
