import type { FastifyReply, FastifyRequest } from 'fastify';
import { BROWSER_COOKIE, readCookie, setCookie } from '../cookies.ts';
import { BROWSER_COOKIE_LIFETIME } from '../defaults.ts';
import { randomToken, sha256Hex } from '../random.ts';

const WELL_FORMED = /^[A-Za-z0-9_-]{43}$/;

/**
 * The hash of this browser's binding cookie, setting the cookie first if it has none. A login
 * transaction remembers it, so a transaction started in one browser cannot be finished in
 * another (an attacker cannot log a victim into the attacker's account through a shared link).
 */
export function bindBrowser(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  let id = readCookie(request, BROWSER_COOKIE);
  if (!id || !WELL_FORMED.test(id)) {
    id = randomToken();
    setCookie(reply, BROWSER_COOKIE, id, { secure, maxAge: BROWSER_COOKIE_LIFETIME });
  }
  return sha256Hex(id);
}

/** The hash of the browser cookie this request carries, if any. */
export function browserHash(request: FastifyRequest): string | undefined {
  const id = readCookie(request, BROWSER_COOKIE);
  return id && WELL_FORMED.test(id) ? sha256Hex(id) : undefined;
}
