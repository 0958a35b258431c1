import type { FastifyReply, FastifyRequest } from 'fastify';

// The few cookies the protocol sets, read and written from the headers directly so the
// endpoints do not depend on a cookie plugin being registered in the caller's scope (the
// login pages call completeLogin from their own plugin).

export const SESSION_COOKIE = 'gh_session';
export const BROWSER_COOKIE = 'gh_browser';

export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export interface CookieOptions {
  readonly secure: boolean;
  /** Seconds; 0 deletes the cookie. Omitted → a browser-session cookie. */
  readonly maxAge?: number;
}

export function setCookie(reply: FastifyReply, name: string, value: string, options: CookieOptions): void {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (options.maxAge !== undefined) parts.push(`Max-Age=${options.maxAge}`);
  if (options.secure) parts.push('Secure');
  const previous = reply.getHeader('set-cookie');
  const list = previous === undefined ? [] : Array.isArray(previous) ? previous.map(String) : [String(previous)];
  reply.header('set-cookie', [...list.filter((c) => !c.startsWith(`${name}=`)), parts.join('; ')]);
}

export function clearCookie(reply: FastifyReply, name: string, options: Pick<CookieOptions, 'secure'>): void {
  setCookie(reply, name, '', { secure: options.secure, maxAge: 0 });
}
