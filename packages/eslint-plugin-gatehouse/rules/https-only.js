import { docsUrl } from './util.js';

// "Always use HTTPS URLs for redirects and API calls." Any http:// URL written in the code is
// reported, except loopback hosts (localhost, *.localhost, 127.x, [::1]) used in development.

const HTTP_URL = /\bhttp:\/\/([^/\s'"`?#:]*|\[[^\]]*\])/gi;

function isLoopback(host) {
  const h = host.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(h) || h === '[::1]' || h === '0.0.0.0';
}

export const httpsOnly = {
  meta: {
    type: 'problem',
    docs: { description: 'Require https:// URLs for API calls and redirects', recommended: true, url: docsUrl('https-only') },
    hasSuggestions: true,
    schema: [{ type: 'object', properties: { allowHosts: { type: 'array', items: { type: 'string' } } }, additionalProperties: false }],
    messages: {
      http: "'{{url}}' uses http://: tokens, passwords and profile data would cross the network unencrypted. Use https://{{rest}} (only localhost may use http).",
      toHttps: 'Change the URL to https://.',
    },
  },
  create(context) {
    const allowed = new Set((context.options[0]?.allowHosts ?? []).map((h) => h.toLowerCase()));
    function check(node, text, offset) {
      for (const match of text.matchAll(HTTP_URL)) {
        const host = match[1];
        if (host === '' || isLoopback(host) || allowed.has(host.toLowerCase())) continue;
        const start = node.range[0] + offset + match.index;
        context.report({
          node,
          messageId: 'http',
          data: { url: `http://${host}`, rest: host },
          suggest: [{ messageId: 'toHttps', fix: (fixer) => fixer.replaceTextRange([start, start + 'http://'.length], 'https://') }],
        });
      }
    }
    return {
      Literal(node) {
        // +1: the opening quote of the literal.
        if (typeof node.value === 'string' && node.raw.includes('http://')) check(node, node.raw.slice(1, -1), 1);
      },
      TemplateElement(node) {
        // +1: the ` or } that opens the quasi.
        if (node.value.raw.includes('http://')) check(node, node.value.raw, 1);
      },
    };
  },
};
