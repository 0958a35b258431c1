import { docsUrl } from './util.js';

// "The total size of implementation for any action script must not exceed 100kB" (102,400
// bytes of UTF-8, npm modules excluded). Gatehouse rejects such a script when it is saved;
// this reports it before that.

export const DEFAULT_MAX_BYTES = 102_400;

export const maxScriptSize = {
  meta: {
    type: 'problem',
    docs: { description: 'Limit a script or Action to 102,400 bytes', recommended: true, url: docsUrl('max-script-size') },
    schema: [{ type: 'object', properties: { maxBytes: { type: 'integer', minimum: 1 } }, additionalProperties: false }],
    messages: {
      tooLarge: 'This file is {{size}} bytes, over the {{max}}-byte limit of a script or Action: it would be rejected when saved. Move shared code into an npm dependency or an Action Module and require it, and remove dead code.',
    },
  },
  create(context) {
    const max = context.options[0]?.maxBytes ?? DEFAULT_MAX_BYTES;
    return {
      Program(node) {
        const text = context.sourceCode.text;
        // Fast path: even at 4 bytes per character a short file cannot be over.
        if (text.length * 4 <= max) return;
        const size = new TextEncoder().encode(text).length;
        if (size > max) context.report({ node, loc: { line: 1, column: 0 }, messageId: 'tooLarge', data: { size: size.toLocaleString('en-US'), max: max.toLocaleString('en-US') } });
      },
    };
  },
};
