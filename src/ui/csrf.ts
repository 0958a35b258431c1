import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

// CSRF: a per-browser random secret in an HttpOnly cookie, and in each form a token that is
// HMAC(secret, scope) where the scope names the form and its transaction (`login:<state>`).
// A cross-site page can neither read the cookie nor compute the token, a token lifted from one
// transaction does not work for another, and nothing is stored server-side, so any node of a
// cluster can check it.

export const CSRF_COOKIE = 'gh_csrf';
export const CSRF_FIELD = '_csrf';
const COOKIE_PATH = '/u';

function readCookie(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function validSecret(value: string | undefined): value is string {
  return value !== undefined && /^[A-Za-z0-9_-]{43}$/.test(value);
}

function sign(secret: string, scope: string): string {
  return createHmac('sha256', Buffer.from(secret, 'base64url')).update(scope, 'utf8').digest('base64url');
}

/** The form token for `scope`, setting the browser's secret cookie first if it has none. */
export function issueCsrfToken(request: FastifyRequest, reply: FastifyReply, scope: string, secure: boolean): string {
  let secret = readCookie(request, CSRF_COOKIE);
  if (!validSecret(secret)) {
    secret = randomBytes(32).toString('base64url');
    const cookie = `${CSRF_COOKIE}=${secret}; Path=${COOKIE_PATH}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
    const previous = reply.getHeader('set-cookie');
    const list = previous === undefined ? [] : Array.isArray(previous) ? previous.map(String) : [String(previous)];
    reply.header('set-cookie', [...list, cookie]);
  }
  return sign(secret, scope);
}

/** True when the posted token matches this browser's cookie and this scope. */
export function checkCsrfToken(request: FastifyRequest, scope: string, submitted: unknown): boolean {
  const secret = readCookie(request, CSRF_COOKIE);
  if (!validSecret(secret) || typeof submitted !== 'string') return false;
  const expected = Buffer.from(sign(secret, scope));
  const given = Buffer.from(submitted);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
