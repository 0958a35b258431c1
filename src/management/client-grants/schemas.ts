import { z } from 'zod';
import { pagingQuery } from '../pagination.ts';

export const clientGrant = z.object({
  id: z.string(),
  client_id: z.string(),
  audience: z.string(),
  scope: z.array(z.string()),
});
export type ClientGrant = z.infer<typeof clientGrant>;

const scope = z.array(z.string().min(1).max(280)).max(1000);

export const createClientGrantBody = z.strictObject({
  client_id: z.string().min(1).max(64),
  audience: z.string().min(1).max(600),
  scope,
  organization_usage: z.enum(['deny', 'allow', 'require']).optional(),
  allow_any_organization: z.boolean().optional(),
});

export const updateClientGrantBody = z.strictObject({
  scope: scope.optional(),
  organization_usage: z.enum(['deny', 'allow', 'require']).nullable().optional(),
  allow_any_organization: z.boolean().nullable().optional(),
});

export const listClientGrantsQuery = z.strictObject({
  ...pagingQuery,
  audience: z.string().optional(),
  client_id: z.string().optional(),
});

export const clientGrantList = z.union([
  z.array(clientGrant),
  z.object({ start: z.number(), limit: z.number(), length: z.number(), total: z.number(), client_grants: z.array(clientGrant) }),
]);
