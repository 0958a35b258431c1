import type { FastifyReply } from 'fastify';
import { html, raw, type SafeHtml } from './html.ts';

// One small stylesheet inline: the pages have no scripts and load nothing else, so the CSP can
// forbid everything but inline style. Focus is always visible for keyboard users.
const STYLE = `
:root{color-scheme:light;--accent:#3a4ed5;--error:#b3261e;--text:#1f2328;--muted:#57606a;--border:#c9d1d9}
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#eef1f6;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--text)}
main{width:100%;max-width:25rem;margin:2rem 1rem;padding:2.5rem 2.5rem 2rem;background:#fff;border-radius:.75rem;box-shadow:0 12px 40px rgba(0,0,0,.12)}
.brand{display:flex;justify-content:center;margin-bottom:1rem}
.brand span{display:inline-flex;width:3rem;height:3rem;border-radius:50%;background:var(--accent);color:#fff;font-weight:700;font-size:1.4rem;align-items:center;justify-content:center}
h1{font-size:1.5rem;text-align:center;margin:0 0 .25rem}
.lead{text-align:center;color:var(--muted);margin:0 0 1.5rem}
label{display:block;font-weight:600;margin:1rem 0 .35rem}
input[type=email],input[type=password],input[type=text]{width:100%;padding:.75rem .85rem;font:inherit;border:1px solid var(--border);border-radius:.375rem;background:#fff}
input[aria-invalid=true]{border-color:var(--error)}
button{width:100%;margin-top:1.5rem;padding:.8rem;font:inherit;font-weight:600;color:#fff;background:var(--accent);border:0;border-radius:.375rem;cursor:pointer}
button:hover{background:#2c3cb0}
:focus-visible{outline:3px solid #f5a623;outline-offset:2px}
.alert:empty{display:none}
.alert{margin:0 0 1rem;padding:.75rem 1rem;border-radius:.375rem;background:#fdecea;color:var(--error);border:1px solid #f5c2c0}
.notice{margin:0 0 1rem;padding:.75rem 1rem;border-radius:.375rem;background:#e8f3ec;color:#1a5e32;border:1px solid #b7dcc4}
.rules{margin:.5rem 0 0;padding-left:1.2rem;color:var(--muted);font-size:.875rem}
.rules ul{padding-left:1.2rem}
.rules .ok{color:#1a7f37}.rules .missing{color:var(--error)}
.rules li.ok,.rules li.missing{list-style:none;margin-left:-1rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.links{margin-top:1.25rem;text-align:center;font-size:.9rem}
.links p{margin:.35rem 0}
a{color:var(--accent)}
`;

export interface PageOptions {
  readonly title: string;
  readonly lead?: string | SafeHtml;
  readonly body: SafeHtml;
}

export function layout(options: PageOptions): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${options.title}</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<main>
<div class="brand" aria-hidden="true"><span>G</span></div>
<h1>${options.title}</h1>
${options.lead === undefined ? '' : html`<p class="lead">${options.lead}</p>`}
${options.body}
</main>
</body>
</html>
`;
}

/**
 * Sends a page: never cached (it carries a CSRF token), never framed (clickjacking), no referrer
 * (a ticket in the URL must not leak to another site), no scripts at all.
 */
export function sendPage(reply: FastifyReply, status: number, page: SafeHtml): FastifyReply {
  return reply.code(status)
    .header('cache-control', 'no-store')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'")
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .type('text/html; charset=utf-8')
    .send(page.value);
}
