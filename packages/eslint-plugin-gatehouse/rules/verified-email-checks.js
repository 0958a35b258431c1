import { docsUrl, enclosingHandler, memberPath, propertyName, walk } from './util.js';

// "Check if an email is verified with event.user.email_verified if it is being used in a
// sensitive or high-security context." Anyone can sign up with someone else's address on a
// connection that does not verify it, so a decision on `event.user.email` alone (a domain
// allow-list, an admin check) can be bypassed. Reported: `event.user.email` (or a variable taken
// from it: `const { email } = event.user`, `const email = event.user.email`) inside the test of
// an if / ternary / switch / loop in an Action handler that never reads
// `email_verified`.

function isEmailSource(node) {
  const path = node.type === 'MemberExpression' ? memberPath(node) : undefined;
  return Boolean(path && path.length === 3 && path[0] === 'event' && path[1] === 'user' && path[2] === 'email');
}

function readsEmailVerified(fn) {
  let found = false;
  walk(fn, (n) => {
    if (found) return false;
    if (n.type === 'MemberExpression' && propertyName(n.property) === 'email_verified') found = true;
    if (n.type === 'Property' && propertyName(n.key) === 'email_verified') found = true;
    return undefined;
  });
  return found;
}

/** The expression of a condition an email use sits in, or undefined. */
function conditionOf(node, stop) {
  for (let child = node, current = node.parent; current && current !== stop; child = current, current = current.parent) {
    if ((current.type === 'IfStatement' || current.type === 'ConditionalExpression' || current.type === 'WhileStatement' || current.type === 'DoWhileStatement' || current.type === 'ForStatement') && current.test === child) return current;
    if (current.type === 'SwitchStatement' && current.discriminant === child) return current;
    if (current.type.endsWith('Statement') || current.type === 'VariableDeclarator' || current.type === 'ArrowFunctionExpression' || current.type === 'FunctionExpression') return undefined;
  }
  return undefined;
}

export const verifiedEmailChecks = {
  meta: {
    type: 'problem',
    docs: { description: 'Require email_verified when event.user.email decides access', recommended: true, url: docsUrl('verified-email-checks') },
    schema: [],
    messages: {
      unverified: '{{what}} decides this condition but email_verified is never checked: anyone can sign up with an address they do not own. Add `event.user.email_verified === true &&` to the condition (or deny unverified users first).',
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    const checked = new Map();
    function verifiedIn(fn) {
      if (!checked.has(fn)) checked.set(fn, readsEmailVerified(fn));
      return checked.get(fn);
    }
    function report(use, what) {
      const handler = enclosingHandler(use);
      if (!handler || verifiedIn(handler.fn)) return;
      if (!conditionOf(use, handler.fn)) return;
      context.report({ node: use, messageId: 'unverified', data: { what } });
    }
    return {
      MemberExpression(node) {
        if (isEmailSource(node)) report(node, 'event.user.email');
      },
      VariableDeclarator(node) {
        // Variables holding the email: every read of them is checked like event.user.email.
        let name;
        if (node.id.type === 'Identifier' && node.init && isEmailSource(node.init)) name = node.id.name;
        if (node.id.type === 'ObjectPattern' && node.init?.type === 'MemberExpression') {
          const path = memberPath(node.init);
          if (path?.length === 2 && path[0] === 'event' && path[1] === 'user') {
            const prop = node.id.properties.find((p) => p.type === 'Property' && propertyName(p.key) === 'email' && p.value.type === 'Identifier');
            if (prop) name = prop.value.name;
            if (node.id.properties.some((p) => p.type === 'Property' && propertyName(p.key) === 'email_verified')) return;
          }
        }
        if (!name) return;
        const variable = sourceCode.getDeclaredVariables(node).find((v) => v.name === name);
        for (const ref of variable?.references ?? []) {
          if (ref.isRead()) report(ref.identifier, `'${name}' (event.user.email)`);
        }
      },
    };
  },
};
