import { executeTrigger } from '../../extensibility/actions/index.ts';
import { createTenantQueries, type ConnectionRecord, type UserRecord } from '../../storage/index.ts';
import { actionsDepsOf, type PipelineDeps } from './deps.ts';
import { compact, eventConnection, eventTenant } from './event-parts.ts';
import type { EventRequest } from './event-request.ts';

/**
 * post-change-password, after a password was changed (a reset link or an admin change), on
 * native and custom connections alike. Asynchronous as on Auth0: the change stands whatever the
 * Actions do; a failure is logged. Returns the run so callers may wait for it.
 */
export function startPostChangePassword(
  pipeline: PipelineDeps, input: { readonly tenantId: string; readonly connection: ConnectionRecord; readonly user: UserRecord; readonly request?: EventRequest },
): Promise<void> {
  const run = async () => {
    const tenant = await createTenantQueries(pipeline.database).findById(input.tenantId);
    const u = input.user;
    const event = compact({
      tenant: eventTenant(tenant?.name ?? input.tenantId),
      connection: eventConnection(input.connection),
      user: compact({
        user_id: u.user_id, email: u.email ?? undefined, email_verified: u.email_verified, username: u.username ?? undefined,
        phone_number: u.phone_number ?? undefined, phone_verified: u.phone_verified, last_password_reset: u.last_password_reset ?? undefined,
      }),
      request: input.request,
    });
    const result = await executeTrigger(actionsDepsOf(pipeline), { tenantId: input.tenantId, trigger: 'post-change-password', event, canRedirect: false });
    if (result.status !== 'completed') {
      pipeline.logger?.warn({ tenant: input.tenantId, status: result.status }, 'post-change-password Actions did not complete; the password change stands');
    }
  };
  return run().catch((err: unknown) => {
    pipeline.logger?.error({ err, tenant: input.tenantId }, 'post-change-password failed; the password change stands');
  });
}
