import type { z } from 'zod';
import { GatehouseError } from '../../errors/index.ts';
import { findDatabaseConnection, signupDatabaseUser } from '../../flows/custom-db/index.ts';
import { createUserQueries, type UpdateUserInput, type UserRecord } from '../../storage/index.ts';
import type { ManagementContext } from '../context.ts';
import { patchMetadata } from './metadata.ts';
import type { createUserBody } from './schemas.ts';

/**
 * POST /users: the connection's own signup path with disable_signup bypassed, as Auth0's admin
 * creation does. On a custom database connection in legacy mode that is get_user → create →
 * login (custom-db.md §5); in import mode and on native connections the user is stored here.
 * Fields signup does not take (app_metadata, email_verified, blocked…) are applied afterwards.
 */
export async function createUser(context: ManagementContext, tenantId: string, body: z.infer<typeof createUserBody>): Promise<UserRecord> {
  await findDatabaseConnection(context, tenantId, body.connection);
  if (body.email === undefined) throw new GatehouseError('MGMT_BAD_REQUEST', 'Payload validation error: \'Missing required property: email\'.');
  if (body.password === undefined) throw new GatehouseError('MGMT_BAD_REQUEST', 'Payload validation error: \'Missing required property: password\'.');
  const { user } = await signupDatabaseUser(context, {
    tenantId, connection: body.connection, email: body.email, password: body.password, username: body.username,
    given_name: body.given_name, family_name: body.family_name, name: body.name, nickname: body.nickname, picture: body.picture,
    user_metadata: body.user_metadata, bypassDisableSignup: true,
  });
  const users = createUserQueries(context.database, tenantId);
  const patch: UpdateUserInput = {};
  if (body.email_verified !== undefined) patch.email_verified = body.email_verified;
  if (body.phone_number !== undefined) patch.phone_number = body.phone_number;
  if (body.phone_verified !== undefined) patch.phone_verified = body.phone_verified;
  if (body.blocked !== undefined) patch.blocked = body.blocked;
  if (Object.keys(patch).length > 0) await users.update(user.user_id, patch);
  await patchMetadata(context.database, tenantId, user.user_id, { app_metadata: body.app_metadata });
  return (await users.find(user.user_id)) ?? user;
}
