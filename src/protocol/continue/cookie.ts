import type { FastifyReply, FastifyRequest } from 'fastify';
import { readCookie } from '../cookies.ts';
import { randomToken, sha256Hex } from '../random.ts';

// The cookie a suspended flow is bound to. Auth0 recommends that a redirect Action's site POST
// the browser back to /continue, and that site is usually another site: a SameSite=Lax cookie
// (gh_browser, gh_session) is not sent on a cross-site POST, so this one is SameSite=None —
// which browsers accept only with Secure, i.e. behind https. Over plain http (development) it
// falls back to Lax: the external site must then come back with a GET, or be on the same site.
// Scoped to /continue and HttpOnly; it only identifies the browser, never a user.

export const CONTINUE_COOKIE = 'gh_continue';
const WELL_FORMED = /^[A-Za-z0-9_-]{43}$/;
/** As long as a suspended flow may wait (15 minutes). */
const LIFETIME = 15 * 60;

/** The hash of this browser's continue cookie, setting (or refreshing) the cookie on the reply. */
export function bindContinueCookie(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const existing = readCookie(request, CONTINUE_COOKIE);
  const value = existing && WELL_FORMED.test(existing) ? existing : randomToken();
  const attributes = ['Path=/continue', 'HttpOnly', `Max-Age=${LIFETIME}`, secure ? 'SameSite=None; Secure' : 'SameSite=Lax'];
  const previous = reply.getHeader('set-cookie');
  const list = previous === undefined ? [] : Array.isArray(previous) ? previous.map(String) : [String(previous)];
  reply.header('set-cookie', [...list.filter((c) => !c.startsWith(`${CONTINUE_COOKIE}=`)), [`${CONTINUE_COOKIE}=${value}`, ...attributes].join('; ')]);
  return sha256Hex(value);
}

/** The hash of the continue cookie this request carries, if any. */
export function continueCookieHash(request: FastifyRequest): string | undefined {
  const value = readCookie(request, CONTINUE_COOKIE);
  return value && WELL_FORMED.test(value) ? sha256Hex(value) : undefined;
}
