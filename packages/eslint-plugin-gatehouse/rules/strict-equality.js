import { docsUrl } from './util.js';

// Auth0's guideline: "Check for strict equals === with any incoming or stored data." Every value
// an Action or script compares comes from the request, the user profile or a legacy store, so
// every loose comparison is reported. `x == null` (null or undefined) is allowed by default
// because it coerces nothing else; set { allowNull: false } to forbid it too.

export const strictEquality = {
  meta: {
    type: 'problem',
    docs: { description: 'Require === and !== when comparing incoming or stored data', recommended: true, url: docsUrl('strict-equality') },
    hasSuggestions: true,
    schema: [{ type: 'object', properties: { allowNull: { type: 'boolean' } }, additionalProperties: false }],
    messages: {
      loose: "Use '{{strict}}' instead of '{{loose}}': loose equality coerces types, so tampered input such as '0', '' or [] can pass the check. Compare with {{strict}} (convert the value explicitly first if it may be a string).",
      replace: "Replace '{{loose}}' with '{{strict}}'.",
    },
  },
  create(context) {
    const allowNull = context.options[0]?.allowNull !== false;
    const sourceCode = context.sourceCode;
    const isNull = (node) => node.type === 'Literal' && node.value === null && node.raw === 'null';
    return {
      BinaryExpression(node) {
        if (node.operator !== '==' && node.operator !== '!=') return;
        if (allowNull && (isNull(node.left) || isNull(node.right))) return;
        const strict = `${node.operator}=`;
        const operator = sourceCode.getFirstTokenBetween(node.left, node.right, (t) => t.value === node.operator);
        context.report({
          node,
          loc: operator?.loc ?? node.loc,
          messageId: 'loose',
          data: { loose: node.operator, strict },
          // A suggestion, not a fix: === changes what the comparison accepts.
          suggest: operator ? [{ messageId: 'replace', data: { loose: node.operator, strict }, fix: (fixer) => fixer.replaceText(operator, strict) }] : [],
        });
      },
    };
  },
};
