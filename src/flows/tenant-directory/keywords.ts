// Keyword replacement exactly as auth0-deploy-cli does it (lib/tools/utils.js): first every
// `@@KEY@@` — with or without surrounding single or double quotes — becomes the JSON of the
// value (so an array or object can be injected into a JSON file), then every `##KEY##` becomes
// the value as text. Keys without a mapping are left as they are.
//
// Values from a .env file are strings; for @@KEY@@ a value that parses as JSON is injected as
// that JSON (`CALLBACKS=["https://a/cb","https://b/cb"]`), any other value as a JSON string.

export type Mappings = Readonly<Record<string, unknown>>;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function asJsonValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export function replaceKeywords(input: string, mappings: Mappings): string {
  let output = input;
  for (const key of Object.keys(mappings)) {
    const pattern = `@@${escapeRegExp(key)}@@`;
    // A function replacement: `$&` and friends in a value must stay literal (deploy-cli #1153).
    output = output.replace(new RegExp(`'${pattern}'|"${pattern}"|${pattern}`, 'g'), () => JSON.stringify(asJsonValue(mappings[key])));
  }
  for (const key of Object.keys(mappings)) {
    output = output.replace(new RegExp(`##${escapeRegExp(key)}##`, 'g'), () => String(mappings[key]));
  }
  return output;
}

/** Keywords still present after replacement (a value the env file did not give). */
export function unresolvedKeywords(text: string): string[] {
  return [...new Set([...text.matchAll(/##([A-Za-z0-9_]+)##|@@([A-Za-z0-9_]+)@@/g)].map((m) => m[1] ?? m[2]))];
}
