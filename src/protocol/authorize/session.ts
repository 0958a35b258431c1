import type { FastifyReply, FastifyRequest } from 'fastify';
import { createSessionQueries, createUserQueries, type SessionQueries, type SessionRecord, type UserRecord } from '../../storage/index.ts';
import { clock, type ProtocolDeps } from '../context.ts';
import { clearCookie, readCookie, SESSION_COOKIE, setCookie } from '../cookies.ts';
import { SESSION_ABSOLUTE_LIFETIME, SESSION_IDLE_LIFETIME } from '../defaults.ts';
import { randomToken, sha256Hex } from '../random.ts';

export interface LiveSession {
  readonly session: SessionRecord;
  readonly user: UserRecord;
}

const secure = (deps: ProtocolDeps) => deps.config.publicScheme === 'https';

/** The session store: Redis when the deployment has it, else the sessions table. */
const sessionsOf = (deps: ProtocolDeps, tenantId: string): SessionQueries =>
  deps.sessionStore ? deps.sessionStore(tenantId) : createSessionQueries(deps.database, tenantId);

function alive(session: SessionRecord, at: Date): boolean {
  const t = at.getTime();
  return Date.parse(session.expires_at) > t && Date.parse(session.last_seen_at) + SESSION_IDLE_LIFETIME * 1000 > t;
}

/** The request's SSO session, when its cookie names a live one whose user may still log in. */
export async function readSession(deps: ProtocolDeps, request: FastifyRequest): Promise<LiveSession | undefined> {
  const cookie = readCookie(request, SESSION_COOKIE);
  if (!cookie) return undefined;
  const session = await sessionsOf(deps, request.tenant.id).find(sha256Hex(cookie));
  if (!session || !alive(session, clock(deps))) return undefined;
  const user = await createUserQueries(deps.database, request.tenant.id).find(session.user_id);
  if (!user || user.blocked) return undefined;
  return { session, user };
}

export interface EstablishInput {
  readonly userId: string;
  readonly connection: string;
  readonly authMethod: string;
}

/**
 * After a login: the same user's live session is extended (new auth_time); otherwise a new
 * session with a new cookie replaces whatever the browser had, so a session id planted before
 * login is never promoted (session fixation).
 */
export async function establishSession(deps: ProtocolDeps, request: FastifyRequest, reply: FastifyReply, input: EstablishInput): Promise<SessionRecord> {
  const sessions = sessionsOf(deps, request.tenant.id);
  const at = clock(deps).toISOString();
  const live = await readSession(deps, request);
  if (live && live.session.user_id === input.userId) {
    await sessions.touch(live.session.id_hash, { authenticated_at: at, connection: input.connection, auth_method: input.authMethod });
    return { ...live.session, authenticated_at: at, connection: input.connection, auth_method: input.authMethod, last_seen_at: at };
  }
  const old = readCookie(request, SESSION_COOKIE);
  if (old) await sessions.remove(sha256Hex(old));
  const cookie = randomToken();
  const session = await sessions.create({
    id_hash: sha256Hex(cookie),
    sid: randomToken(16),
    user_id: input.userId,
    connection: input.connection,
    auth_method: input.authMethod,
    authenticated_at: at,
    expires_at: new Date(Date.parse(at) + SESSION_ABSOLUTE_LIFETIME * 1000).toISOString(),
  });
  // A browser-session cookie: the server decides when the session ends.
  setCookie(reply, SESSION_COOKIE, cookie, { secure: secure(deps) });
  return session;
}

/** Logout: the server-side session is deleted and the cookie cleared. */
export async function endSession(deps: ProtocolDeps, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const cookie = readCookie(request, SESSION_COOKIE);
  if (cookie) await sessionsOf(deps, request.tenant.id).remove(sha256Hex(cookie));
  clearCookie(reply, SESSION_COOKIE, { secure: secure(deps) });
}

/** Records activity on a session used for SSO. */
export async function touchSession(deps: ProtocolDeps, request: FastifyRequest, session: SessionRecord): Promise<void> {
  await sessionsOf(deps, request.tenant.id).touch(session.id_hash, {});
}
