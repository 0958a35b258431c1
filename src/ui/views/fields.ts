import { ruleText, type PasswordRule } from '../../flows/native-db/index.ts';
import { CSRF_FIELD } from '../csrf.ts';
import { html, type SafeHtml } from '../html.ts';

export const ERROR_ID = 'form-error';
export const RULES_ID = 'password-rules';

export interface FieldOptions {
  readonly id: string;
  readonly label: string;
  readonly type: 'email' | 'password' | 'text';
  readonly autocomplete: string;
  readonly value?: string;
  readonly autofocus?: boolean;
  /** Marks the field invalid and points it at the error region. */
  readonly invalid?: boolean;
  /** Extra element ids describing the field (e.g. the password rules). */
  readonly describedBy?: readonly string[];
}

export function field(o: FieldOptions): SafeHtml {
  const described = [...(o.invalid ? [ERROR_ID] : []), ...(o.describedBy ?? [])].join(' ');
  return html`<label for="${o.id}">${o.label}</label>
<input id="${o.id}" name="${o.id}" type="${o.type}" autocomplete="${o.autocomplete}" required${o.value !== undefined && o.type !== 'password' ? html` value="${o.value}"` : ''}${o.autofocus ? html` autofocus` : ''}${o.invalid ? html` aria-invalid="true"` : ''}${described ? html` aria-describedby="${described}"` : ''}${o.type === 'email' ? html` inputmode="email" spellcheck="false"` : ''}>
`;
}

export function hidden(name: string, value: string): SafeHtml {
  return html`<input type="hidden" name="${name}" value="${value}">\n`;
}

export function csrfField(token: string): SafeHtml {
  return hidden(CSRF_FIELD, token);
}

/** The error region: always in the page, so assistive technology knows where errors appear. */
export function alert(message: string | SafeHtml | undefined): SafeHtml {
  return html`<div class="alert" role="alert" id="${ERROR_ID}">${message ?? ''}</div>\n`;
}

function ruleItem(rule: PasswordRule, showStatus: boolean): SafeHtml {
  const mark = showStatus ? (rule.verified ? html`<span class="ok">✓ </span>` : html`<span class="missing">✗ </span>`) : '';
  const status = showStatus ? html`<span class="visually-hidden">${rule.verified ? ' (met)' : ' (not met)'}</span>` : '';
  const children = rule.items?.length ? html`<ul>${rule.items.map((i) => ruleItem(i, showStatus))}</ul>` : '';
  return html`<li class="${showStatus ? (rule.verified ? 'ok' : 'missing') : ''}">${mark}${ruleText(rule)}${status}${children}</li>`;
}

/** The policy's rules, each marked met or not once a password was tried. */
export function passwordRules(rules: readonly PasswordRule[], showStatus: boolean): SafeHtml {
  return html`<div id="${RULES_ID}" class="rules"><p>Your password must:</p><ul>${rules.map((r) => ruleItem(r, showStatus))}</ul></div>\n`;
}
