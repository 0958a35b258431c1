import { html, type SafeHtml } from '../html.ts';
import { layout } from '../layout.ts';

export interface NoticeView {
  readonly title: string;
  readonly message: string;
  /** An error (role=alert) or a confirmation (role=status). */
  readonly kind: 'error' | 'success';
  readonly link?: { readonly href: string; readonly text: string };
}

/** A page that only says something: errors (CSRF, expired link) and confirmations. */
export function noticePage(v: NoticeView): SafeHtml {
  const box = v.kind === 'error'
    ? html`<div class="alert" role="alert">${v.message}</div>`
    : html`<div class="notice" role="status">${v.message}</div>`;
  return layout({
    title: v.title,
    body: html`${box}
${v.link ? html`<nav class="links" aria-label="Next"><p><a href="${v.link.href}">${v.link.text}</a></p></nav>` : ''}`,
  });
}
