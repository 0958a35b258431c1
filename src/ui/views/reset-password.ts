import type { PasswordRule } from '../../flows/native-db/index.ts';
import { html, query, type SafeHtml } from '../html.ts';
import { layout } from '../layout.ts';
import { alert, csrfField, field, hidden, passwordRules, RULES_ID } from './fields.ts';

export interface ResetRequestView {
  readonly state?: string;
  readonly csrf: string;
  readonly email?: string;
  readonly error?: string;
}

/** Step 1: ask for the email to send the link to. */
export function resetRequestPage(v: ResetRequestView): SafeHtml {
  return layout({
    title: 'Forgot your password?',
    lead: 'Enter your email address and we will send you instructions to reset your password.',
    body: html`${alert(v.error)}<form method="post" action="/u/reset-password${query({ state: v.state })}" novalidate>
${v.state ? hidden('state', v.state) : ''}${csrfField(v.csrf)}${field({ id: 'email', label: 'Email address', type: 'email', autocomplete: 'email', value: v.email, autofocus: true, invalid: v.error !== undefined })}<button type="submit">Continue</button>
</form>
${v.state ? html`<nav class="links" aria-label="Other options"><p><a href="/u/login${query({ state: v.state })}">Back to log in</a></p></nav>` : ''}`,
  });
}

export interface ResetTicketView {
  readonly ticket: string;
  readonly csrf: string;
  readonly email: string;
  readonly rules: readonly PasswordRule[];
  readonly rulesChecked: boolean;
  readonly error?: string;
}

/** Step 2, from the emailed link: choose the new password. */
export function resetTicketPage(v: ResetTicketView): SafeHtml {
  const invalid = v.error !== undefined;
  return layout({
    title: 'Change your password',
    lead: html`Enter a new password for ${v.email}.`,
    body: html`${alert(v.error)}<form method="post" action="/u/reset-password/ticket" novalidate>
${hidden('ticket', v.ticket)}${csrfField(v.csrf)}<input type="text" name="username" autocomplete="username" value="${v.email}" hidden>
${field({ id: 'password', label: 'New password', type: 'password', autocomplete: 'new-password', autofocus: true, invalid, describedBy: [RULES_ID] })}${field({ id: 'password-confirm', label: 'Confirm new password', type: 'password', autocomplete: 'new-password', invalid })}${passwordRules(v.rules, v.rulesChecked)}<button type="submit">Reset password</button>
</form>`,
  });
}
