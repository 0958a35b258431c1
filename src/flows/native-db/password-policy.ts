// Auth0's password policies (the presets of auth0/password-sheriff, which Auth0 applies to
// database connections) and the rule report of its PasswordStrengthError. The report format is
// password-sheriff's `missing()`: each rule with message, printf-style `format`, code, verified.

export const PASSWORD_POLICIES = ['none', 'low', 'fair', 'good', 'excellent'] as const;
export type PasswordPolicy = (typeof PASSWORD_POLICIES)[number];

/** New connections get `good`, as Auth0's dashboard creates them; a connection without the option too. */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = 'good';

export interface PasswordRule {
  message: string;
  code: string;
  format?: (string | number)[];
  items?: PasswordRule[];
  verified: boolean;
}

export interface PasswordCheck {
  verified: boolean;
  rules: PasswordRule[];
}

// OWASP's password special characters, as password-sheriff counts them (space included).
const SPECIAL = new Set(' !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

const charsets = {
  lowerCase: { message: 'lower case letters (a-z)', test: (p: string) => /[a-z]/.test(p) },
  upperCase: { message: 'upper case letters (A-Z)', test: (p: string) => /[A-Z]/.test(p) },
  numbers: { message: 'numbers (i.e. 0-9)', test: (p: string) => /\d/.test(p) },
  specialCharacters: { message: 'special characters (e.g. !@#$%^&*)', test: (p: string) => [...p].some((c) => SPECIAL.has(c)) },
} as const;
type Charset = keyof typeof charsets;

function items(names: readonly Charset[], password: string): PasswordRule[] {
  return names.map((code) => ({ message: charsets[code].message, code, verified: charsets[code].test(password) }));
}

function length(min: number, password: string): PasswordRule {
  // Counted in code points, so an emoji is one character as a user would count it.
  const verified = [...password].length >= min;
  return min === 1
    ? { message: 'Non-empty password required', code: 'nonEmpty', verified }
    : { message: 'At least %d characters in length', format: [min], code: 'lengthAtLeast', verified };
}

function contains(names: readonly Charset[], password: string): PasswordRule {
  const list = items(names, password);
  return { message: 'Should contain:', code: 'shouldContain', items: list, verified: list.every((i) => i.verified) };
}

function containsAtLeast(atLeast: number, names: readonly Charset[], password: string): PasswordRule {
  const list = items(names, password);
  return {
    message: 'Contain at least %d of the following %d types of characters:',
    format: [atLeast, names.length],
    code: 'containsAtLeast',
    items: list,
    verified: list.filter((i) => i.verified).length >= atLeast,
  };
}

function identicalChars(max: number, password: string): PasswordRule {
  let run = 0;
  let previous: string | undefined;
  let verified = password.length > 0;
  for (const c of password) {
    run = c === previous ? run + 1 : 1;
    previous = c;
    if (run > max) verified = false;
  }
  return {
    message: 'No more than %d identical characters in a row (e.g., "%s" not allowed)',
    format: [max, 'a'.repeat(max + 1)],
    code: 'identicalChars',
    verified,
  };
}

const ALL: readonly Charset[] = ['lowerCase', 'upperCase', 'numbers', 'specialCharacters'];

/** Checks a password against a policy; `minLength` (Auth0's password_complexity_options) raises the length rule. */
export function checkPassword(policy: PasswordPolicy, password: string, minLength?: number): PasswordCheck {
  const atLeast = (n: number) => Math.max(n, minLength ?? 0);
  const rules: PasswordRule[] = [];
  switch (policy) {
    case 'none': rules.push(length(atLeast(1), password)); break;
    case 'low': rules.push(length(atLeast(6), password)); break;
    case 'fair': rules.push(length(atLeast(8), password), contains(['lowerCase', 'upperCase', 'numbers'], password)); break;
    case 'good': rules.push(length(atLeast(8), password), containsAtLeast(3, ALL, password)); break;
    case 'excellent': rules.push(length(atLeast(10), password), containsAtLeast(3, ALL, password), identicalChars(2, password)); break;
  }
  return { verified: rules.every((r) => r.verified), rules };
}

/** The policy and minimum length a connection's options ask for (unknown values fall back to the default). */
export function policyOf(options: Record<string, unknown>): { policy: PasswordPolicy; minLength?: number } {
  const raw = options.passwordPolicy;
  const policy = (PASSWORD_POLICIES as readonly unknown[]).includes(raw) ? raw as PasswordPolicy : DEFAULT_PASSWORD_POLICY;
  const complexity = options.password_complexity_options as { min_length?: unknown } | undefined;
  const min = complexity?.min_length;
  return typeof min === 'number' && Number.isInteger(min) && min > 0 ? { policy, minLength: min } : { policy };
}

/** A rule as a sentence, its printf-style placeholders filled in (for pages and logs). */
export function ruleText(rule: Pick<PasswordRule, 'message' | 'format'>): string {
  const values = [...(rule.format ?? [])];
  return rule.message.replace(/%[ds]/g, () => String(values.shift() ?? ''));
}
