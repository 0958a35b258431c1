// Auth0 evaluates a custom database script as one function expression, so `function (email,
// callback) {…}` is a valid script but not a valid JavaScript program. This processor wraps
// such a file in parentheses before parsing and maps positions (and fixes) back, so every rule
// — no-anonymous-script first — sees it. Other files pass through unchanged.

const ANONYMOUS_START = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*(?:async\s+)?function\s*\(/;

/** Keyed by file name: was this file wrapped? */
const wrapped = new Map();

export const scriptProcessor = {
  meta: { name: 'gatehouse/script', version: '0.1.0' },
  supportsAutofix: true,
  preprocess(text, filename) {
    const wrap = ANONYMOUS_START.test(text);
    wrapped.set(filename, wrap);
    return [wrap ? `(${text}\n)` : text];
  },
  postprocess(messages, filename) {
    const wrap = wrapped.get(filename);
    wrapped.delete(filename);
    const all = messages.flat();
    if (!wrap) return all;
    // One character was added at the very start: only positions on line 1 and fix ranges move.
    const shiftRange = (range) => [Math.max(0, range[0] - 1), Math.max(0, range[1] - 1)];
    const shiftFix = (fix) => fix && { ...fix, range: shiftRange(fix.range) };
    return all.map((m) => ({
      ...m,
      ...(m.line === 1 ? { column: Math.max(1, m.column - 1) } : {}),
      ...(m.endLine === 1 && m.endColumn ? { endColumn: Math.max(1, m.endColumn - 1) } : {}),
      ...(m.fix ? { fix: shiftFix(m.fix) } : {}),
      ...(m.suggestions ? { suggestions: m.suggestions.map((s) => ({ ...s, fix: shiftFix(s.fix) })) } : {}),
    }));
  },
};
