import { GatehouseError } from '../../errors/index.ts';
import { executeTrigger } from '../../extensibility/actions/index.ts';
import type { ClientRecord, ResourceServerRecord } from '../../storage/index.ts';
import { actionsDepsOf, type PipelineDeps } from './deps.ts';
import { compact, eventClient, eventTenant } from './event-parts.ts';
import type { EventRequest } from './event-request.ts';

export interface CredentialsExchangeInput {
  readonly tenantId: string;
  readonly tenantName: string;
  readonly client: ClientRecord;
  readonly api: ResourceServerRecord;
  /** The scopes the token will carry (those asked for that the client grant allows). */
  readonly scopes: readonly string[];
  readonly requestedScopes: readonly string[];
  readonly request: EventRequest;
}

/**
 * credentials-exchange (client_credentials): the Actions may add claims to the M2M access token
 * or deny it. A deny is thrown as the error the app gets (400 with the Action's code, e.g.
 * invalid_scope, and reason); a throw or timeout likewise, with a generic description.
 */
export async function runCredentialsExchange(pipeline: PipelineDeps, input: CredentialsExchangeInput): Promise<{ accessTokenClaims: Record<string, unknown> }> {
  const deps = actionsDepsOf(pipeline);
  const event = compact({
    tenant: eventTenant(input.tenantName),
    client: eventClient(input.client),
    resource_server: { identifier: input.api.identifier },
    request: input.request,
    transaction: { requested_scopes: [...input.requestedScopes] },
    accessToken: { scope: [...input.scopes], customClaims: {} },
  });
  const result = await executeTrigger(deps, { tenantId: input.tenantId, trigger: 'credentials-exchange', event, canRedirect: false });
  if (result.status === 'completed') return { accessTokenClaims: result.effects.accessTokenClaims };
  if (result.status === 'redirect') throw new GatehouseError('OAUTH_ACCESS_DENIED', 'Redirect actions are not supported for this grant type');
  throw new GatehouseError(result.error.code, result.error.description);
}
