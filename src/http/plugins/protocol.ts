import { createProtocolContext, registerProtocol } from '../../protocol/index.ts';
import type { Surface } from '../context.ts';

/** OAuth 2 / OpenID Connect: discovery, JWKS, /authorize, /oauth/token, /userinfo, revoke, logout. */
export const protocol: Surface = {
  name: 'protocol',
  register(app, context) {
    registerProtocol(app, createProtocolContext(context));
  },
};
