import { DENY_HANDLERS, docsUrl, enclosingFunction, enclosingHandler } from './util.js';

// "Actions should never intentionally throw an error; if processes stop because of an error or
// condition, use the appropriate api method like api.access.deny()." A throw fails the whole
// login with a generic error and no reason the application can act on. Reported: a `throw`
// inside a handler whose `api` can deny (post-login, continue-post-login, credentials-exchange,
// pre-user-registration), unless a try block in the same function catches it first.

function caughtLocally(node, fn) {
  for (let current = node.parent, child = node; current && current !== fn; child = current, current = current.parent) {
    if (current.type === 'TryStatement' && current.block === child && current.handler) return true;
  }
  return false;
}

function apiParamName(fn) {
  const api = fn.params[1];
  return api?.type === 'Identifier' ? api.name : undefined;
}

export const denyInsteadOfThrow = {
  meta: {
    type: 'suggestion',
    docs: { description: 'Use api.access.deny instead of throwing in an Action handler', recommended: true, url: docsUrl('deny-instead-of-throw') },
    hasSuggestions: true,
    schema: [],
    messages: {
      throw: "Don't throw in {{handler}}: a throw fails the login with a generic error. Stop the flow with `return {{api}}.{{method}}(…)` and a reason the application can show.",
      useDeny: 'Replace the throw with `return {{api}}.{{method}}(…)`.',
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    return {
      ThrowStatement(node) {
        const handler = enclosingHandler(node);
        if (!handler || !DENY_HANDLERS.has(handler.name)) return;
        const fn = enclosingFunction(node);
        if (caughtLocally(node, fn)) return;
        const api = apiParamName(handler.fn) ?? 'api';
        const preRegistration = handler.name === 'onExecutePreUserRegistration';
        const method = 'access.deny';
        const suggest = [];
        // Only when the throw sits directly in the handler, where `api` is in scope and `return` ends it.
        const arg = node.argument;
        if (fn === handler.fn && arg.type === 'NewExpression' && arg.arguments.length === 1 && apiParamName(handler.fn)) {
          const reason = sourceCode.getText(arg.arguments[0]);
          const call = handler.name === 'onExecuteCredentialsExchange' ? `${api}.access.deny('invalid_request', ${reason})` : preRegistration ? `${api}.access.deny(${reason}, ${reason})` : `${api}.access.deny(${reason})`;
          suggest.push({ messageId: 'useDeny', data: { api, method }, fix: (fixer) => fixer.replaceText(node, `return ${call};`) });
        }
        context.report({ node, messageId: 'throw', data: { handler: handler.name, api, method }, suggest });
      },
    };
  },
};
