import { GatehouseError } from '../../errors/index.ts';
import { executeTrigger, type MetadataPatch } from '../../extensibility/actions/index.ts';
import { CustomDbValidationError } from '../../extensibility/custom-db/index.ts';
import { createClientQueries, createTenantQueries, type ConnectionRecord, type UserRecord } from '../../storage/index.ts';
import { actionsDepsOf, type PipelineDeps } from './deps.ts';
import { compact, eventClient, eventConnection, eventTenant, eventUser } from './event-parts.ts';
import type { EventRequest } from './event-request.ts';

/** Where a signup comes from, for the registration triggers' `event` (absent: an admin creation, no Actions run). */
export interface RegistrationContext {
  readonly request: EventRequest;
  readonly clientId?: string;
  /** The /authorize parameters of a signup on the Universal Login page. */
  readonly transaction?: Record<string, unknown>;
}

/** The fields of a user about to be created (pre-user-registration's event.user). */
export interface NewUser {
  readonly email?: string;
  readonly username?: string;
  readonly phone_number?: string;
  readonly name?: string;
  readonly nickname?: string;
  readonly given_name?: string;
  readonly family_name?: string;
  readonly picture?: string;
  readonly user_metadata?: Record<string, unknown>;
}

export interface PreRegistrationResult {
  /** Patches the Actions asked for, merged into the user when it is created. */
  readonly userMetadata: MetadataPatch | null;
  readonly appMetadata: MetadataPatch | null;
  /** api.user.setUserId: the new user's id, `auth0|<id>` unless the Action gave a provider. */
  readonly userId: string | null;
}

async function shared(deps: PipelineDeps, tenantId: string, connection: ConnectionRecord, context: RegistrationContext) {
  const tenant = await createTenantQueries(deps.database).findById(tenantId);
  const client = context.clientId ? await createClientQueries(deps.database, deps.box, tenantId).find(context.clientId) : undefined;
  return {
    tenant: eventTenant(tenant?.name ?? tenantId),
    connection: eventConnection(connection),
    client: client ? eventClient(client) : undefined,
    request: context.request,
    transaction: context.transaction,
  };
}

/**
 * pre-user-registration: before the user exists. api.access.deny(reason, userMessage) and
 * api.validation.error(code, message) stop the signup with the legacy body /dbconnections and
 * the signup page show ({"code": "extensibility_error" | <code>, "description": …}); a throw or
 * a timeout stops it with a generic description.
 */
export async function runPreUserRegistration(
  pipeline: PipelineDeps, input: { readonly tenantId: string; readonly connection: ConnectionRecord; readonly user: NewUser; readonly context: RegistrationContext },
): Promise<PreRegistrationResult> {
  const deps = actionsDepsOf(pipeline);
  const base = await shared(pipeline, input.tenantId, input.connection, input.context);
  const user = compact({ ...input.user, user_metadata: input.user.user_metadata ?? {}, app_metadata: {} });
  const result = await executeTrigger(deps, { tenantId: input.tenantId, trigger: 'pre-user-registration', event: compact({ ...base, user }), canRedirect: false });
  switch (result.status) {
    case 'completed': {
      const id = result.effects.userId;
      return { userMetadata: result.effects.userMetadata, appMetadata: result.effects.appMetadata, userId: id === null ? null : id.includes('|') ? id : `auth0|${id}` };
    }
    case 'validation-error': throw new CustomDbValidationError(result.validation.errorCode, result.validation.errorMessage);
    case 'denied': throw new CustomDbValidationError('extensibility_error', result.deny.userMessage ?? result.error.description);
    case 'failed': throw new CustomDbValidationError('extensibility_error', result.error.description);
    default: throw new GatehouseError('SERVER_ERROR', 'pre-user-registration cannot redirect');
  }
}

/**
 * post-user-registration: after the user was created, without waiting (Auth0 runs it
 * asynchronously): its failure is in the execution log and the server log, never the signup's.
 * Returns the run so callers that must (tests, shutdown) can wait for it.
 */
export function startPostUserRegistration(
  pipeline: PipelineDeps, input: { readonly tenantId: string; readonly connection: ConnectionRecord; readonly user: UserRecord; readonly context: RegistrationContext },
): Promise<void> {
  const run = async () => {
    const deps = actionsDepsOf(pipeline);
    const base = await shared(pipeline, input.tenantId, input.connection, input.context);
    const event = compact({ ...base, user: await eventUser(pipeline, input.user) });
    const result = await executeTrigger(deps, { tenantId: input.tenantId, trigger: 'post-user-registration', event, canRedirect: false });
    if (result.status !== 'completed') {
      pipeline.logger?.warn({ tenant: input.tenantId, status: result.status }, 'post-user-registration Actions did not complete; the signup stands');
    }
  };
  return run().catch((err: unknown) => {
    pipeline.logger?.error({ err, tenant: input.tenantId }, 'post-user-registration failed; the signup stands');
  });
}
