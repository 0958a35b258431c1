import type { PasswordRule } from '../../flows/native-db/index.ts';
import { html, query, type SafeHtml } from '../html.ts';
import { layout } from '../layout.ts';
import { alert, csrfField, field, hidden, passwordRules, RULES_ID } from './fields.ts';

export interface SignupView {
  readonly state: string;
  readonly csrf: string;
  readonly tenantName: string;
  readonly clientName: string;
  readonly rules: readonly PasswordRule[];
  /** True once a password was tried: the rules then show which are met. */
  readonly rulesChecked: boolean;
  readonly email?: string;
  /** The connection asks for a username as well (requires_username). */
  readonly requiresUsername: boolean;
  readonly username?: string;
  readonly error?: string;
}

export function signupPage(v: SignupView): SafeHtml {
  const invalid = v.error !== undefined;
  return layout({
    title: 'Create your account',
    lead: html`Sign up to ${v.tenantName} to continue to ${v.clientName}.`,
    body: html`${alert(v.error)}<form method="post" action="/u/signup${query({ state: v.state })}" novalidate>
${hidden('state', v.state)}${csrfField(v.csrf)}${field({ id: 'email', label: 'Email address', type: 'email', autocomplete: 'email', value: v.email, autofocus: true, invalid })}${v.requiresUsername ? field({ id: 'username', label: 'Username', type: 'text', autocomplete: 'username', value: v.username, invalid }) : ''}${field({ id: 'password', label: 'Password', type: 'password', autocomplete: 'new-password', invalid, describedBy: [RULES_ID] })}${passwordRules(v.rules, v.rulesChecked)}<button type="submit" name="action" value="default">Continue</button>
</form>
<nav class="links" aria-label="Other options">
<p>Already have an account? <a href="/u/login${query({ state: v.state })}">Log in</a></p>
</nav>`,
  });
}
