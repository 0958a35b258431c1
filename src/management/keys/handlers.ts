import { createHash, createPublicKey, type JsonWebKey } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { z } from 'zod';
import { GatehouseError } from '../../errors/index.ts';
import { createSigningKeyQueries, type SigningKeyRecord } from '../../storage/index.ts';
import { route, type ManagementRoute } from '../route.ts';

// Signing keys as Auth0's /keys/signing shows them. Gatehouse keys have no X.509 certificate:
// `cert` is the public key in PEM (SPKI), and `pkcs7` is left out.

export const signingKey = z.object({
  kid: z.string(),
  cert: z.string(),
  fingerprint: z.string(),
  thumbprint: z.string(),
  current: z.boolean(),
  next: z.boolean(),
  previous: z.boolean(),
  revoked: z.boolean(),
  current_since: z.string().optional(),
  revoked_at: z.string().optional(),
});

async function renderKey(key: SigningKeyRecord): Promise<z.infer<typeof signingKey>> {
  const publicKey = createPublicKey({ key: key.public_jwk as JsonWebKey, format: 'jwk' });
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const out: z.infer<typeof signingKey> = {
    kid: key.kid,
    cert: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprint: createHash('sha1').update(der).digest('hex').toUpperCase().match(/../g)!.join(':'),
    thumbprint: await calculateJwkThumbprint(key.public_jwk as JWK),
    current: key.status === 'current',
    next: key.status === 'next',
    previous: key.status === 'previous',
    revoked: key.status === 'revoked',
  };
  if (key.status === 'current' && key.rotated_at) out.current_since = key.rotated_at;
  if (key.status === 'current' && !key.rotated_at) out.current_since = key.created_at;
  if (key.status === 'revoked' && key.rotated_at) out.revoked_at = key.rotated_at;
  return out;
}

export const keyRoutes: readonly ManagementRoute[] = [
  route({
    method: 'GET', url: '/keys/signing', scopes: ['read:signing_keys'], response: z.array(signingKey),
    async handler({ context, tenantId }) {
      const keys = await createSigningKeyQueries(context.database, context.box, tenantId).list();
      return Promise.all(keys.map(renderKey));
    },
  }),
  route({
    method: 'GET', url: '/keys/signing/:kid', scopes: ['read:signing_keys'], params: z.object({ kid: z.string().min(1).max(128) }), response: signingKey,
    async handler({ context, tenantId, params }) {
      const key = await createSigningKeyQueries(context.database, context.box, tenantId).find(params.kid);
      if (!key) throw new GatehouseError('MGMT_NOT_FOUND', 'The signing key does not exist.');
      return renderKey(key);
    },
  }),
  route({
    method: 'POST', url: '/keys/signing/rotate', scopes: ['create:signing_keys', 'update:signing_keys'], status: 201,
    response: z.object({ kid: z.string(), cert: z.string() }),
    async handler({ context, tenantId }) {
      const rotated = await context.rotateSigningKeys(tenantId);
      const key = await createSigningKeyQueries(context.database, context.box, tenantId).find(rotated.current);
      if (!key) throw new GatehouseError('SERVER_ERROR', 'the rotated key is missing');
      const { kid, cert } = await renderKey(key);
      return { kid, cert };
    },
  }),
];
