import type { Surface } from './context.ts';
import { health } from './plugins/health.ts';
import { operations } from './plugins/operations.ts';
import { demoCallback } from './plugins/demo-callback.ts';
import { protocol } from './plugins/protocol.ts';
import { dbconnections } from './plugins/dbconnections.ts';
import { universalLogin } from './plugins/universal-login.ts';
import { management } from './plugins/management.ts';

// The table of HTTP surfaces, registered in this order, each in its own encapsulated scope.
// A new surface (OIDC, Management API, login pages) adds one row here.
export const surfaces: readonly Surface[] = [
  health,
  operations,
  protocol,
  dbconnections,
  universalLogin,
  management,
  demoCallback,
];
