// Per-execution log budget and secret masking. Pure functions with no imports: the container
// applies them before anything leaves it, and the host applies them again to whatever a container
// sends (it may have been tampered with).

export interface CappedLine {
  readonly level: 'log' | 'info' | 'warn' | 'error' | 'debug';
  readonly message: string;
}

export interface LogBudget {
  /** Characters still allowed for this execution. */
  remaining: number;
  truncated: boolean;
  /** Lines dropped after the cap, counted so that 10,000 of them cost nothing but a counter. */
  dropped: number;
}

export function newBudget(limitChars: number): LogBudget {
  return { remaining: Math.max(0, limitChars), truncated: false, dropped: 0 };
}

/**
 * Replaces every secret in `text` with the mask. `secrets` must be sorted longest first so that a
 * secret containing another is masked whole.
 */
export function maskSecrets(text: string, secrets: readonly string[], mask: string): string {
  let out = text;
  for (const secret of secrets) {
    if (secret !== '' && out.includes(secret)) out = out.split(secret).join(mask);
  }
  return out;
}

/**
 * Admits one (already masked) line under the budget: whole, cut with the marker, as a bare
 * marker when the budget ran out exactly at the previous line, or not at all (counted).
 */
export function admitLine(budget: LogBudget, line: CappedLine, marker: string): CappedLine | null {
  if (budget.truncated) {
    budget.dropped += 1;
    return null;
  }
  // Every line costs at least one character, so empty lines cannot pile up without bound.
  const cost = Math.max(1, line.message.length);
  if (cost <= budget.remaining) {
    budget.remaining -= cost;
    return line;
  }
  budget.truncated = true;
  const kept = line.message.slice(0, budget.remaining);
  budget.remaining = 0;
  return { level: line.level, message: kept + marker };
}

/** Secrets as the container uses them: non-empty, unique, longest first. */
export function normaliseSecrets(values: Iterable<string>): string[] {
  const set = new Set<string>();
  for (const v of values) if (typeof v === 'string' && v !== '') set.add(v);
  return [...set].sort((a, b) => b.length - a.length);
}
