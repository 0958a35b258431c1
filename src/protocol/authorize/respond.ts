import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { errors, type GatehouseError } from '../../errors/index.ts';
import { escapeHtml } from '../html.ts';

export type ResponseMode = 'query' | 'fragment' | 'form_post';
export const RESPONSE_MODES: readonly ResponseMode[] = ['query', 'fragment', 'form_post'];

/** Where /authorize answers once the client and redirect_uri are known to be genuine. */
export interface RedirectTarget {
  readonly redirectUri: string;
  readonly responseMode: ResponseMode;
  readonly state: string | null;
}

/** Sends parameters to the client's redirect_uri in its response mode. */
export function sendToClient(reply: FastifyReply, target: RedirectTarget, params: Record<string, string>): FastifyReply {
  const all: Record<string, string> = { ...params };
  if (target.state !== null) all.state = target.state;
  reply.header('cache-control', 'no-store');
  if (target.responseMode === 'form_post') {
    const nonce = randomBytes(16).toString('base64');
    const inputs = Object.entries(all)
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('\n');
    return reply.code(200)
      .header('content-security-policy', `default-src 'none'; script-src 'nonce-${nonce}'; form-action ${new URL(target.redirectUri).origin}`)
      .type('text/html; charset=utf-8')
      .send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Submit this form</title></head>
<body>
<form method="post" action="${escapeHtml(target.redirectUri)}">
${inputs}
<noscript><button type="submit">Continue</button></noscript>
</form>
<script nonce="${nonce}">document.forms[0].submit();</script>
</body></html>
`);
  }
  const url = new URL(target.redirectUri);
  if (target.responseMode === 'fragment') {
    url.hash = new URLSearchParams(all).toString();
  } else {
    for (const [k, v] of Object.entries(all)) url.searchParams.set(k, v);
  }
  return reply.redirect(url.toString(), 302);
}

/** An OAuth error sent to the client (`error`, `error_description`, `state`). */
export function sendErrorToClient(reply: FastifyReply, target: RedirectTarget, error: GatehouseError): FastifyReply {
  return sendToClient(reply, target, { error: errors[error.code].wire, error_description: error.message });
}
