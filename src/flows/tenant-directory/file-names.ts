// File names as the deploy CLI's `sanitize` makes them (sanitize-filename with "-"): characters
// no file system accepts, control characters and reserved names are replaced.

export function sanitizeFileName(name: string): string {
  if (!name) return 'undefined';
  let out = [...name].map((ch) => {
    const code = ch.codePointAt(0) ?? 0;
    return code < 0x20 || (code >= 0x80 && code <= 0x9f) || '/?<>\\:*|"'.includes(ch) ? '-' : ch;
  }).join('');
  if (/^\.+$/.test(out)) out = out.replace(/\./g, '-');
  if (/^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i.test(out)) out = `-${out.slice(1)}`;
  return out.replace(/[. ]+$/, (m) => '-'.repeat(m.length)).slice(0, 255);
}
