import type { Problem } from './types.ts';

// A `.env`-style file: KEY=VALUE per line, `#` comments, optional `export `, values optionally
// in single quotes (taken literally) or double quotes (\n, \", \\ unescaped). Its values are the
// keyword mappings of the deploy CLI (##KEY## / @@KEY@@) and fill secrets and configuration
// values the directory leaves empty.

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*?)\s*$/;

export interface EnvFile {
  readonly values: Readonly<Record<string, string>>;
  readonly problems: readonly Problem[];
}

export function parseEnvFile(text: string, file = '.env'): EnvFile {
  const values: Record<string, string> = {};
  const problems: Problem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    if (/^\s*(#|$)/.test(raw)) return;
    const match = LINE.exec(raw);
    if (!match) {
      // The line may hold a secret: name the line, never echo it.
      problems.push({ file, message: `line ${index + 1} is not KEY=VALUE; ignored` });
      return;
    }
    const [, key, rawValue] = match;
    values[key] = unquote(rawValue);
  });
  return { values, problems };
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1);
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }
  // An unquoted value ends at an inline comment.
  return value.replace(/\s+#.*$/, '');
}

/** Renders values as a .env file (double-quoted where needed), keys sorted. */
export function formatEnvFile(values: Readonly<Record<string, string>>, header?: string): string {
  const lines = header ? header.split('\n').map((l) => `# ${l}`) : [];
  for (const key of Object.keys(values).sort()) {
    const value = values[key];
    const plain = /^[A-Za-z0-9_./:@+-]*$/.test(value);
    lines.push(`${key}=${plain ? value : `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`}`);
  }
  return `${lines.join('\n')}\n`;
}
