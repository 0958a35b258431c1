import { authenticateDatabaseUser } from '../../flows/custom-db/index.ts';
import { createProtocolContext, registerProtocol } from '../../protocol/index.ts';
import type { Surface } from '../context.ts';

/** OAuth 2 / OpenID Connect: discovery, JWKS, /authorize, /oauth/token, /userinfo, revoke, logout. */
export const protocol: Surface = {
  name: 'protocol',
  register(app, context) {
    // The password grants log in to native and custom database connections alike.
    registerProtocol(app, createProtocolContext(context, { authenticate: (login) => authenticateDatabaseUser(context, login) }));
  },
};
