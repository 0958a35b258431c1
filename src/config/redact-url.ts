/** A database or cache URL safe to print: any password is replaced, the rest kept for diagnosis. */
export function redactUrl(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@?#]*):[^@/?#]*@/i, '$1:***@');
}

/** Host and port of a network URL, for "cannot reach …" lines; undefined for file URLs. */
export function hostPortOf(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (!url.hostname) return undefined;
    const defaults: Record<string, string> = { 'postgres:': '5432', 'postgresql:': '5432', 'redis:': '6379', 'rediss:': '6379' };
    return `${url.hostname}:${url.port || defaults[url.protocol] || '?'}`;
  } catch {
    return undefined;
  }
}
