import { GatehouseError } from '../../../errors/index.ts';
import { eventRequest, runCredentialsExchange } from '../../../flows/actions/index.ts';
import { grantAudienceOf } from '../../../flows/tenants/management-api.ts';
import { createClientGrantQueries } from '../../../storage/index.ts';
import { required } from '../../params.ts';
import { splitScope } from '../../scopes.ts';
import { issueTokens } from '../../tokens/issue.ts';
import { findApi } from '../audience.ts';
import type { GrantHandler } from '../grant.ts';

/**
 * client_credentials (M2M): the client needs a client grant for the API; the token carries
 * the scopes asked for that the grant allows (all of them when none are asked for), with
 * `sub` = `<client_id>@clients` and `gty: client-credentials` as Auth0 issues them.
 */
export const clientCredentialsGrant: GrantHandler = async ({ context, request, params, tenantId, issuer, client, confidential }) => {
  if (!confidential) throw new GatehouseError('OAUTH_UNAUTHORIZED_CLIENT', 'Public clients cannot use the client_credentials grant.');
  const audience = required(params, 'audience');
  const api = await findApi(context.database, tenantId, audience);
  const grant = await createClientGrantQueries(context.database, tenantId).findFor(client.client_id, api ? grantAudienceOf(api) : audience);
  if (!grant) {
    throw new GatehouseError('OAUTH_ACCESS_DENIED',
      `Client is not authorized to access "${audience}". You need to create a "client-grant" associated to this API.`);
  }
  const asked = params.scope === undefined ? undefined : splitScope(params.scope);
  const scopes = asked === undefined ? grant.scopes : asked.filter((s) => grant.scopes.includes(s));
  // credentials-exchange Actions may add claims or deny the token (400 with their code).
  const { accessTokenClaims } = api
    ? await runCredentialsExchange(context, {
      tenantId, tenantName: request.tenant.name, client, api, scopes, requestedScopes: asked ?? [],
      request: { ...eventRequest(request, { body: true }), query: {} },
    })
    : { accessTokenClaims: {} };
  return issueTokens(context, { tenantId, issuer, client, scopes, api, gty: 'client-credentials', customClaims: { accessToken: accessTokenClaims } });
};
