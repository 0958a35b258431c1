// A legacy user store over HTTP for custom database scripts in Management API tests: the
// scripts below call it with fetch; `calls` records which script ran with what.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LegacyStore {
  readonly url: string;
  readonly users: Map<string, { id: string; email: string; password: string; name?: string }>;
  readonly calls: Array<{ script: string; args: Record<string, unknown> }>;
  /** Makes the next calls of `script` fail (the store refuses). */
  failing: Set<string>;
  close(): Promise<void>;
}

export async function startLegacyStore(): Promise<LegacyStore> {
  const users = new Map<string, { id: string; email: string; password: string; name?: string }>();
  const calls: LegacyStore['calls'] = [];
  const failing = new Set<string>();
  let next = 1;
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => { text += c; });
    req.on('end', () => {
      const script = (req.url ?? '/').slice(1);
      const args = JSON.parse(text || '{}') as Record<string, any>;
      calls.push({ script, args: { ...args, password: args.password === undefined ? undefined : '<password>' } });
      const send = (status: number, body?: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
      if (failing.has(script)) return send(500, { error: 'refused' });
      const byEmail = (email: string) => users.get(email.toLowerCase());
      switch (script) {
        case 'get_user': {
          const u = byEmail(args.email);
          return send(200, { profile: u ? { user_id: u.id, email: u.email, name: u.name } : null });
        }
        case 'create': {
          if (byEmail(args.email)) return send(409);
          users.set(args.email.toLowerCase(), { id: `legacy-${next++}`, email: args.email.toLowerCase(), password: args.password, name: args.name });
          return send(200);
        }
        case 'login': {
          const u = byEmail(args.email);
          if (!u || u.password !== args.password) return send(200, { profile: null });
          return send(200, { profile: { user_id: u.id, email: u.email, name: u.name, email_verified: true } });
        }
        case 'change_email': {
          const u = byEmail(args.email);
          if (!u) return send(200, { ok: false });
          users.delete(u.email);
          u.email = String(args.newEmail).toLowerCase();
          users.set(u.email, u);
          return send(200, { ok: true });
        }
        case 'change_password': {
          const u = byEmail(args.email);
          if (!u) return send(200, { ok: false });
          u.password = args.newPassword;
          return send(200, { ok: true });
        }
        case 'delete': {
          for (const [k, u] of users) if (u.id === args.id) users.delete(k);
          return send(200, { ok: true });
        }
        default:
          return send(404);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, users, calls, failing, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const call = (script: string, args: string) => `
  const res = await fetch(configuration.STORE_URL + '/${script}', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify(${args}), signal: AbortSignal.timeout(10000) });
  if (!res.ok) return callback(new Error('legacy store answered ' + res.status));
  const body = await res.json();`;

/** The seven scripts, in Auth0's customScripts shape, each a thin client of the store. */
export const legacyScripts: Record<string, string> = {
  login: `async function login(email, password, callback) {${call('login', '{ email, password }')}
  if (!body.profile) return callback(new WrongUsernameOrPasswordError(email));
  return callback(null, body.profile);
}`,
  get_user: `async function getUser(email, callback) {${call('get_user', '{ email }')}
  return callback(null, body.profile || undefined);
}`,
  create: `async function create(user, callback) {${call('create', '{ email: user.email, password: user.password, name: user.name }')}
  return callback(null);
}`,
  verify: `function verify(email, callback) { return callback(null, true); }`,
  change_password: `async function changePassword(email, newPassword, callback) {${call('change_password', '{ email, newPassword }')}
  return callback(null, body.ok);
}`,
  change_email: `async function changeEmail(email, newEmail, verified, callback) {${call('change_email', '{ email, newEmail, verified }')}
  return callback(null, body.ok);
}`,
  delete: `async function remove(id, callback) {${call('delete', '{ id }')}
  return callback(null);
}`,
};
