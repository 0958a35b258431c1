// Compiling user sources. Used by the container (to run them) and by the host (to reject bad
// syntax before any container is involved), so it imports node:vm only and never runs code.
import vm from 'node:vm';

/** Parameters of the CommonJS wrapper an Action module is compiled in. */
export const moduleParams = ['exports', 'require', 'module', '__filename', '__dirname'] as const;

// Auth0's Webtask directive; accepted and ignored. Replaced by spaces so that columns and line
// numbers of the rest stay true.
const useNpm = /^(\s*)(['"])use npm\2;?/;

export function stripUseNpm(source: string): string {
  return source.replace(useNpm, (all) => ' '.repeat(all.length));
}

/** A script is one function: compiled as the expression `(<source>)`, on the same first line. */
export function scriptExpression(source: string): string {
  // A trailing `;` after the function (common in exported scripts) would break the expression.
  return `(${stripUseNpm(source).replace(/;(\s*)$/, ' $1')}\n)`;
}

export function fileNameFor(codeId: string): string {
  return `${codeId.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64) || 'script'}.js`;
}

/** `Syntax error at line N: <message>` from a SyntaxError thrown while compiling `filename`. */
export function describeSyntaxError(err: unknown, filename: string): string {
  const message = err instanceof Error ? err.message : String(err);
  const stack = err instanceof Error && typeof err.stack === 'string' ? err.stack : '';
  const escaped = filename.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const line = new RegExp(`^${escaped}:(\\d+)`, 'm').exec(stack)?.[1];
  return line === undefined ? `Syntax error: ${message}` : `Syntax error at line ${line}: ${message}`;
}

/** Null when the source compiles for its kind, else the message saying where it does not. */
export function checkSyntax(kind: 'script' | 'action', source: string, codeId: string): string | null {
  const filename = fileNameFor(codeId);
  try {
    if (kind === 'script') new vm.Script(scriptExpression(source), { filename });
    else vm.compileFunction(source, [...moduleParams], { filename });
    return null;
  } catch (err) {
    return describeSyntaxError(err, filename);
  }
}
