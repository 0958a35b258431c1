import { html, query, type SafeHtml } from '../html.ts';
import { layout } from '../layout.ts';
import { alert, csrfField, field, hidden } from './fields.ts';

export interface LoginView {
  readonly state: string;
  readonly csrf: string;
  readonly tenantName: string;
  readonly clientName: string;
  readonly email?: string;
  readonly error?: string;
  readonly signupAllowed: boolean;
  /** Connections with usernames accept either at login. */
  readonly acceptsUsername: boolean;
}

export function loginPage(v: LoginView): SafeHtml {
  const invalid = v.error !== undefined;
  return layout({
    title: 'Welcome',
    lead: html`Log in to ${v.tenantName} to continue to ${v.clientName}.`,
    body: html`${alert(v.error)}<form method="post" action="/u/login${query({ state: v.state })}" novalidate>
${hidden('state', v.state)}${csrfField(v.csrf)}${field({ id: 'username', label: v.acceptsUsername ? 'Username or email address' : 'Email address', type: v.acceptsUsername ? 'text' : 'email', autocomplete: 'username', value: v.email, autofocus: !v.email, invalid })}${field({ id: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', autofocus: Boolean(v.email), invalid })}<button type="submit" name="action" value="default">Continue</button>
</form>
<nav class="links" aria-label="Other options">
<p><a href="/u/reset-password${query({ state: v.state })}">Forgot password?</a></p>
${v.signupAllowed ? html`<p>Don't have an account? <a href="/u/signup${query({ state: v.state })}">Sign up</a></p>` : ''}
</nav>`,
  });
}
