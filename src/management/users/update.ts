import type { z } from 'zod';
import { GatehouseError } from '../../errors/index.ts';
import { changeEmail, changePassword, findDatabaseConnection, isLegacyMode } from '../../flows/custom-db/index.ts';
import { createUserQueries, type UpdateUserInput, type UserRecord } from '../../storage/index.ts';
import type { ManagementContext } from '../context.ts';
import { patchMetadata } from './metadata.ts';
import type { updateUserBody } from './schemas.ts';

type Body = z.infer<typeof updateUserBody>;

const rootFields = ['username', 'phone_number', 'phone_verified', 'given_name', 'family_name', 'name', 'nickname', 'picture'] as const;

/**
 * PATCH /users/{id}, in the order that keeps Gatehouse and a legacy store in step: the legacy
 * store's scripts first (change_email, change_password), so a refusal changes nothing here;
 * then root fields; then metadata, merged without lost updates (metadata.ts).
 */
export async function updateUser(context: ManagementContext, tenantId: string, user: UserRecord, body: Body): Promise<UserRecord> {
  const connection = await findDatabaseConnection(context, tenantId, user.connection).catch(() => undefined);
  const legacy = connection !== undefined && isLegacyMode(connection);
  if (legacy) {
    const refused = rootFields.filter((f) => body[f] !== undefined);
    if (refused.length > 0) {
      throw new GatehouseError('MGMT_OPERATION_NOT_SUPPORTED',
        `Cannot update ${refused.join(', ')} for a user of a custom database connection in legacy mode: only app_metadata, user_metadata, blocked, email, email_verified and password can be updated; change the rest in the legacy store.`);
    }
  }
  if (body.connection !== undefined && body.connection !== user.connection) {
    throw new GatehouseError('MGMT_BAD_REQUEST', 'Payload validation error: \'connection\' must be the user\'s own connection.');
  }
  const emailChanges = (body.email !== undefined && body.email.toLowerCase() !== user.email)
    || (body.email_verified !== undefined && body.email_verified !== user.email_verified);
  if (emailChanges) {
    const email = body.email ?? user.email;
    if (email === null) throw new GatehouseError('MGMT_BAD_REQUEST', 'Payload validation error: the user has no email to verify.');
    const changed = body.email !== undefined && body.email.toLowerCase() !== user.email;
    await changeEmail(context, { tenantId, userId: user.user_id, email, verified: body.email_verified ?? (changed ? false : user.email_verified) });
  }
  if (body.password !== undefined) await changePassword(context, { tenantId, userId: user.user_id, password: body.password });

  const users = createUserQueries(context.database, tenantId);
  const patch: UpdateUserInput = {};
  for (const field of rootFields) if (body[field] !== undefined) (patch as Record<string, unknown>)[field] = body[field];
  if (body.blocked !== undefined) patch.blocked = body.blocked;
  if (Object.keys(patch).length > 0) await users.update(user.user_id, patch);
  if (!await patchMetadata(context.database, tenantId, user.user_id, { user_metadata: body.user_metadata, app_metadata: body.app_metadata })) {
    throw new GatehouseError('MGMT_USER_NOT_FOUND', 'The user does not exist.');
  }
  const updated = await users.find(user.user_id);
  if (!updated) throw new GatehouseError('MGMT_USER_NOT_FOUND', 'The user does not exist.');
  return updated;
}
