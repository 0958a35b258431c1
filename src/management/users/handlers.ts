import { GatehouseError } from '../../errors/index.ts';
import { deleteUser } from '../../flows/custom-db/index.ts';
import { createUserQueries } from '../../storage/index.ts';
import { paging, withTotals } from '../pagination.ts';
import { route, type ManagementRoute } from '../route.ts';
import { selectFields } from '../schemas.ts';
import { z } from 'zod';
import { createUser } from './create.ts';
import { findUserOr404, loadRendered } from './load.ts';
import { parseUserQuery } from './query.ts';
import { searchUserIds, userQuerySql, type UserSearch } from './search.ts';
import { createUserBody, getUserQuery, listUsersQuery, updateUserBody, user, userList, usersByEmailQuery } from './schemas.ts';
import { updateUser } from './update.ts';

const userParams = z.object({ id: z.string().min(1).max(512) });
const idpTokens = (scopes: ReadonlySet<string>) => scopes.has('read:user_idp_tokens');

export const userRoutes: readonly ManagementRoute[] = [
  route({
    method: 'GET', url: '/users', scopes: ['read:users'], query: listUsersQuery, response: userList,
    async handler({ context, tenantId, token, query }) {
      const p = paging(query);
      let sort: UserSearch['sort'];
      if (query.sort) {
        const [field, dir] = query.sort.split(':');
        sort = { field: field as NonNullable<UserSearch['sort']>['field'], direction: dir === '1' ? 'asc' : 'desc' };
      }
      const where = query.q ? userQuerySql(context.database, parseUserQuery(query.q)) : undefined;
      const { ids, total } = await searchUserIds(context.database, tenantId, { where, connection: query.connection, limit: p.perPage, offset: p.offset, sort });
      const users = createUserQueries(context.database, tenantId);
      const items: Record<string, unknown>[] = [];
      for (const id of ids) {
        const found = await users.find(id);
        if (found) items.push(selectFields(await loadRendered(context, tenantId, found, idpTokens(token.scopes)), query));
      }
      return withTotals('users', items, total, p);
    },
  }),
  route({
    method: 'POST', url: '/users', scopes: ['create:users'], body: createUserBody, response: user, status: 201,
    async handler({ context, tenantId, token, body }) {
      const created = await createUser(context, tenantId, body);
      return loadRendered(context, tenantId, created, idpTokens(token.scopes));
    },
  }),
  route({
    method: 'GET', url: '/users/:id', scopes: ['read:users', 'read:current_user'], params: userParams, query: getUserQuery,
    async handler({ context, tenantId, token, params, query }) {
      const found = await findUserOr404(context, tenantId, params.id);
      return selectFields(user.parse(await loadRendered(context, tenantId, found, idpTokens(token.scopes))), query);
    },
  }),
  route({
    method: 'PATCH', url: '/users/:id', scopes: ['update:users', 'update:users_app_metadata'], params: userParams, body: updateUserBody, response: user,
    async handler({ context, tenantId, token, params, body }) {
      const found = await findUserOr404(context, tenantId, params.id);
      // update:users_app_metadata alone allows the metadata only (Auth0's rule).
      if (!token.scopes.has('update:users')) {
        const other = Object.keys(body).filter((k) => k !== 'app_metadata' && k !== 'user_metadata');
        if (other.length > 0) {
          throw new GatehouseError('MGMT_INSUFFICIENT_SCOPE', 'Insufficient scope, expected any of: update:users');
        }
      }
      const updated = await updateUser(context, tenantId, found, body);
      return loadRendered(context, tenantId, updated, idpTokens(token.scopes));
    },
  }),
  route({
    method: 'DELETE', url: '/users/:id', scopes: ['delete:users'], params: userParams, status: 204,
    async handler({ context, tenantId, params }) {
      // Legacy mode: the delete script runs first and the user goes only if it succeeds.
      await deleteUser(context, { tenantId, userId: params.id });
      return undefined;
    },
  }),
  route({
    method: 'GET', url: '/users-by-email', scopes: ['read:users'], query: usersByEmailQuery,
    async handler({ context, tenantId, token, query }) {
      const where = userQuerySql(context.database, { kind: 'term', field: 'email', path: [], value: query.email, prefix: false });
      const { ids } = await searchUserIds(context.database, tenantId, { where, limit: 100, offset: 0 });
      const users = createUserQueries(context.database, tenantId);
      const out: Record<string, unknown>[] = [];
      for (const id of ids) {
        const found = await users.find(id);
        if (found) out.push(selectFields(await loadRendered(context, tenantId, found, idpTokens(token.scopes)), query));
      }
      return out;
    },
  }),
];
