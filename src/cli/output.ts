import { isGatehouseError } from '../errors/index.ts';

// The CLI's one voice: results on stdout, problems on stderr as a single "gatehouse: …" line,
// never a stack trace. No colours: output is read by people and by scripts alike.

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

/** Codes that mean the user asked for something invalid (exit 2) rather than a failure while running (exit 1). */
const badInput = new Set(['CONFIG_INVALID', 'TENANT_INVALID']);

export interface Output {
  out(line?: string): void;
  err(line: string): void;
}

export const processOutput: Output = {
  out: (line = '') => { process.stdout.write(`${line}\n`); },
  err: (line) => { process.stderr.write(`${line}\n`); },
};

/** Reports a failure in one line and says which exit status it deserves. */
export function reportFailure(err: unknown, output: Output = processOutput): number {
  if (isGatehouseError(err)) {
    output.err(`gatehouse: ${err.message.split('\n')[0]}`);
    return badInput.has(err.code) ? EXIT_BAD_INPUT : EXIT_FAILURE;
  }
  const e = err as NodeJS.ErrnoException | undefined;
  if (e?.code === 'EADDRINUSE') {
    output.err(`gatehouse: the address is already in use (${(e as { address?: string }).address ?? ''}:${(e as { port?: number }).port ?? ''}); choose another with --port or stop the other server`);
    return EXIT_FAILURE;
  }
  if (e?.code === 'EACCES' && (e as { syscall?: string }).syscall === 'listen') {
    output.err(`gatehouse: not allowed to listen on port ${(e as { port?: number }).port ?? '?'}; use a port above 1023 with --port`);
    return EXIT_FAILURE;
  }
  const message = e instanceof Error ? e.message : String(err);
  output.err(`gatehouse: unexpected failure: ${message.split('\n')[0]}`);
  return EXIT_FAILURE;
}

/** Left-aligned columns for human-readable listings. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  '));
}
