import { docsUrl, isFunction, memberPath, propertyName, words } from './util.js';

// "Never log sensitive data, secrets, or PII." A console call is reported when one of its
// arguments (looking inside template literals, JSON.stringify(…), object literals, string
// concatenation, but not into functions) contains:
//   - the whole `event`, `event.user`, `event.secrets` (or any secret), `event.request.ip`;
//   - a PII field of a profile: email, phone_number, name, given_name, family_name, username,
//     nickname, address, birthdate, user_metadata, app_metadata, identities, last_ip;
//   - a password, secret or token: `.password`, a variable named password / newPassword / token /
//     clientSecret …, the custom database `configuration` object or its values;
//   - a variable named like an email or phone number (email, userEmail, phoneNumber).
// `event.user.user_id` and `email_verified` are fine to log.

const PII_FIELDS = new Set(['email', 'phone_number', 'phone', 'name', 'given_name', 'family_name', 'username', 'nickname', 'address', 'birthdate', 'user_metadata', 'app_metadata', 'identities', 'last_ip', 'password', 'new_password', 'newPassword']);
const SENSITIVE_LAST_WORDS = new Set(['password', 'passwd', 'pwd', 'secret', 'token', 'email', 'phone', 'apikey', 'credentials', 'ssn']);
const SENSITIVE_PAIRS = [['phone', 'number'], ['api', 'key'], ['private', 'key']];
const AMBIGUOUS = new Set(['name', 'username', 'nickname', 'address', 'identities', 'given_name', 'family_name']);
const USER_LIKE = /user|profile|person|customer|member|account|identity/i;
const CONSOLE_METHODS = new Set(['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table']);

function sensitiveIdentifier(name) {
  const parts = words(name);
  const last = parts[parts.length - 1];
  if (SENSITIVE_LAST_WORDS.has(last)) return true;
  return SENSITIVE_PAIRS.some(([a, b]) => parts[parts.length - 2] === a && last === b);
}

/** Why this expression leaks, or undefined. */
function leak(node) {
  if (node.type === 'Identifier') {
    if (node.name === 'event') return 'the whole event (profile, request and secrets)';
    if (node.name === 'configuration') return 'the connection configuration (database credentials)';
    if (sensitiveIdentifier(node.name)) return `'${node.name}'`;
    return undefined;
  }
  if (node.type === 'MemberExpression') {
    const path = memberPath(node);
    if (!path) return undefined;
    const text = path.join('.');
    if (path[0] === 'event') {
      if (path[1] === 'secrets') return `${text} (a secret)`;
      if (path[1] === 'user' && path.length === 2) return 'event.user (the whole profile)';
      // event.user.app_metadata.plan is not PII by itself; event.user.app_metadata is.
      if (path[1] === 'user' && (path.length === 3 ? PII_FIELDS.has(path[2]) : PII_FIELDS.has(path[path.length - 1]) || sensitiveIdentifier(path[path.length - 1]))) return text;
      if (path[1] === 'request' && (path.length === 2 || path[2] === 'ip' || path[2] === 'body' || path[2] === 'query')) return text;
      if (path[1] === 'authorization' && path.length === 2) return undefined;
      return undefined;
    }
    if (path[0] === 'configuration') return `${text} (connection configuration)`;
    const last = path[path.length - 1];
    // `err.name` or `response.address` are not PII; `user.name` and `profile.name` are.
    if (AMBIGUOUS.has(last)) return USER_LIKE.test(path[path.length - 2] ?? '') ? text : undefined;
    if (PII_FIELDS.has(last) || sensitiveIdentifier(last)) return text;
    return undefined;
  }
  return undefined;
}

export const noPiiInLogs = {
  meta: {
    type: 'problem',
    docs: { description: 'Disallow logging PII, passwords and secrets', recommended: true, url: docsUrl('no-pii-in-logs') },
    schema: [],
    messages: {
      pii: "Don't log {{what}}: logs are kept and read by many people, and must never hold PII, passwords or secrets. Log an identifier such as event.user.user_id instead, or a redacted value.",
    },
  },
  create(context) {
    return {
      CallExpression(node) {
        const path = node.callee.type === 'MemberExpression' ? memberPath(node.callee) : undefined;
        if (!path || path.length !== 2 || path[0] !== 'console' || !CONSOLE_METHODS.has(path[1])) return;
        const reported = new Set();
        for (const arg of node.arguments) {
          const stack = [arg];
          while (stack.length > 0) {
            const current = stack.pop();
            if (!current || isFunction(current)) continue;
            const what = leak(current);
            if (what) {
              if (!reported.has(what)) {
                reported.add(what);
                context.report({ node: current, messageId: 'pii', data: { what } });
              }
              continue;
            }
            switch (current.type) {
              case 'TemplateLiteral': stack.push(...current.expressions); break;
              // A comparison logs a boolean, not the value; concatenation logs the value.
              case 'BinaryExpression': if (current.operator === '+') stack.push(current.left, current.right); break;
              case 'LogicalExpression': stack.push(current.left, current.right); break;
              case 'ConditionalExpression': stack.push(current.consequent, current.alternate); break;
              case 'ObjectExpression':
                for (const p of current.properties) {
                  if (p.type === 'SpreadElement') stack.push(p.argument);
                  else if (p.shorthand) stack.push(p.value);
                  else if (PII_FIELDS.has(propertyName(p.key) ?? '') && p.value.type !== 'Literal') {
                    const name = propertyName(p.key);
                    if (!reported.has(name)) { reported.add(name); context.report({ node: p, messageId: 'pii', data: { what: `'${name}'` } }); }
                  } else stack.push(p.value);
                }
                break;
              case 'ArrayExpression': stack.push(...current.elements); break;
              case 'SpreadElement': stack.push(current.argument); break;
              case 'AwaitExpression': stack.push(current.argument); break;
              case 'ChainExpression': stack.push(current.expression); break;
              case 'CallExpression': {
                // JSON.stringify(x), String(x), x.toString(), x.toLowerCase(): the value still gets out.
                stack.push(...current.arguments);
                if (current.callee.type === 'MemberExpression') stack.push(current.callee.object);
                break;
              }
              case 'MemberExpression': break;
              default: break;
            }
          }
        }
      },
    };
  },
};
