import { docsUrl, propertyName, words } from './util.js';

// "Do not write secrets or sensitive code artifacts in plain text as part of your Actions code."
// Two signals: a literal assigned to a name that reads like a secret (clientSecret, API_KEY,
// password, …), and a literal that looks random enough to be a key whatever its name (long,
// high Shannon entropy, letters and digits mixed) or carries a well-known key prefix.
// deploy-CLI placeholders (##KEY##, @@KEY@@) are not secrets: they are replaced at import.

const SECRET_WORDS = new Set(['secret', 'secrets', 'password', 'passwd', 'pwd', 'passphrase', 'token', 'apikey', 'credential', 'credentials', 'privatekey', 'accesskey', 'signingkey']);
// Word pairs that mean the same: "api key", "private key", "access key", "client secret".
const SECRET_PAIRS = [['api', 'key'], ['private', 'key'], ['access', 'key'], ['signing', 'key'], ['secret', 'key'], ['auth', 'key']];
// A trailing word that makes the name describe something else: tokenUrl, passwordPolicy, secretName.
const NOT_SECRET_LAST = new Set(['url', 'uri', 'endpoint', 'path', 'name', 'names', 'type', 'policy', 'field', 'header', 'length', 'expiry', 'expires', 'ttl', 'id', 'label', 'prompt', 'format', 'regex', 'pattern', 'key_name', 'param', 'audience', 'scope', 'verified', 'hint', 'reset']);
const KNOWN_PREFIXES = [/^sk_(live|test)_[0-9a-zA-Z]{8,}/, /^(AKIA|ASIA)[0-9A-Z]{16}$/, /^gh[pousr]_[0-9A-Za-z]{20,}/, /^xox[abpr]-[0-9A-Za-z-]{10,}/, /^-----BEGIN [A-Z ]*PRIVATE KEY-----/, /^eyJ[0-9A-Za-z_-]{10,}\.eyJ[0-9A-Za-z_-]{10,}\./, /^SG\.[0-9A-Za-z_-]{16,}\./];
const PLACEHOLDER = /^(##[A-Za-z0-9_]+##|@@[A-Za-z0-9_]+@@)$/;

export function looksSecretName(name) {
  const parts = words(name);
  if (parts.length === 0) return false;
  if (NOT_SECRET_LAST.has(parts[parts.length - 1])) return false;
  if (parts.some((w) => SECRET_WORDS.has(w))) return true;
  return SECRET_PAIRS.some(([a, b]) => parts.some((w, i) => w === a && parts[i + 1] === b));
}

/** Bits per character of the string's own character distribution. */
export function entropy(text) {
  const counts = new Map();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

export function looksRandom(text, minLength = 20, minEntropy = 3.5) {
  if (KNOWN_PREFIXES.some((re) => re.test(text))) return true;
  if (text.length < minLength || /\s/.test(text) || /^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return false;
  // Identifiers, paths and sentences are mostly letters of one case; keys mix classes.
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(text)).length;
  if (classes < 2 || !/[0-9]/.test(text)) return false;
  return entropy(text) >= minEntropy;
}

function literalText(node) {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked ?? undefined;
  return undefined;
}

function assignedName(target) {
  if (target.type === 'Identifier') return target.name;
  if (target.type === 'MemberExpression' && !target.computed) return propertyName(target.property);
  if (target.type === 'MemberExpression' && target.property.type === 'Literal') return String(target.property.value);
  return undefined;
}

export const noHardcodedSecrets = {
  meta: {
    type: 'problem',
    docs: { description: 'Disallow secrets written in the code', recommended: true, url: docsUrl('no-hardcoded-secrets') },
    schema: [{
      type: 'object',
      properties: { minLength: { type: 'integer', minimum: 8 }, minEntropy: { type: 'number' } },
      additionalProperties: false,
    }],
    messages: {
      named: "'{{name}}' is given a value written in the code. Store it as a secret and read it from event.secrets.{{secret}} (Actions) or configuration.{{secret}} (custom database scripts).",
      random: 'This string looks like a key or token ({{length}} characters, random-looking). Move it to the Action\'s secrets (event.secrets.NAME) or the connection\'s configuration, never the source.',
    },
  },
  create(context) {
    const minLength = context.options[0]?.minLength ?? 20;
    const minEntropy = context.options[0]?.minEntropy ?? 3.5;
    const reportedByName = new Set();

    function checkNamed(name, valueNode) {
      const text = literalText(valueNode);
      if (name === undefined || text === undefined || text.length < 4 || PLACEHOLDER.test(text)) return;
      if (!looksSecretName(name)) return;
      reportedByName.add(valueNode);
      const secret = words(name).map((w) => w.toUpperCase()).join('_');
      context.report({ node: valueNode, messageId: 'named', data: { name, secret } });
    }

    const visitors = {
      VariableDeclarator(node) {
        if (node.id.type === 'Identifier') checkNamed(node.id.name, node.init);
      },
      AssignmentExpression(node) {
        checkNamed(assignedName(node.left), node.right);
      },
      Property(node) {
        if (node.parent.type === 'ObjectExpression') checkNamed(propertyName(node.key), node.value);
      },
      AssignmentPattern(node) {
        if (node.left.type === 'Identifier') checkNamed(node.left.name, node.right);
      },
      'Literal:exit': checkRandom,
      'TemplateLiteral:exit': checkRandom,
    };
    return visitors;

    function checkRandom(node) {
        if (reportedByName.has(node)) return;
        const text = literalText(node);
        if (text === undefined || PLACEHOLDER.test(text)) return;
        // Module names and import specifiers are not secrets.
        const parent = node.parent;
        if (parent?.type === 'ImportDeclaration' || (parent?.type === 'CallExpression' && parent.callee.type === 'Identifier' && parent.callee.name === 'require')) return;
        if (looksRandom(text, minLength, minEntropy)) context.report({ node, messageId: 'random', data: { length: String(text.length) } });
    }
  },
};
