// A scanner, not a parser: it skips comments and string contents so that `// require('x')` or
// "require('x')" inside a string do not count, and reports every `require` call whose argument
// is one plain string literal. Computed requires (`require(name)`) cannot be known ahead of the
// call; they only work for modules that are installed anyway. A regular-expression literal
// containing a quote can confuse it; the cost is one missed or one extra module, never a wrong run.

const identChar = /[\w$]/;

/** Module specifiers passed to `require('…')` in source, in order of first appearance, unique. */
export function scanRequires(source: string): string[] {
  const found = new Set<string>();
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i];
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (c === '"' || c === "'" || c === '`') {
      i = skipString(source, i);
    } else if (c === 'r' && source.startsWith('require', i) && !isIdentBefore(source, i) && !identChar.test(source[i + 7] ?? '')) {
      const hit = readRequireArgument(source, i + 7);
      if (hit) found.add(hit.value);
      i = hit ? hit.end : i + 7;
    } else {
      i += 1;
    }
  }
  return [...found];
}

function isIdentBefore(source: string, i: number): boolean {
  const before = source[i - 1] ?? '';
  // `x.require(` is somebody's method, not the module loader.
  return identChar.test(before) || before === '.';
}

/** After `require`: optional spaces, `(`, one string literal without interpolation, `)`. */
function readRequireArgument(source: string, from: number): { value: string; end: number } | null {
  const m = /^\s*\(\s*(?:'([^'\\\n]*)'|"([^"\\\n]*)"|`([^`\\$]*)`)\s*\)/.exec(source.slice(from, from + 512));
  if (!m) return null;
  const value = m[1] ?? m[2] ?? m[3];
  return value === '' ? null : { value, end: from + m[0].length };
}

function skipString(source: string, start: number): number {
  const quote = source[start];
  let i = start + 1;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') {
      i += 2;
    } else if (c === quote) {
      return i + 1;
    } else if (c === '\n' && quote !== '`') {
      return i + 1; // unterminated: resync at the end of the line
    } else {
      i += 1;
    }
  }
  return i;
}
