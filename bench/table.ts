// One section as a Markdown table. Its own module: sections import it, and importing it from
// run.ts (which awaits at top level) would deadlock the section's own import.
import type { BenchCell, BenchSection } from './section.ts';

function format(cell: BenchCell): string {
  if (typeof cell === 'string') return cell;
  if (Number.isInteger(cell)) return cell.toLocaleString('en-US');
  return cell.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export function renderTable(section: BenchSection): string {
  const cells = [section.columns.map(String), ...section.rows.map((row) => row.map(format))];
  const widths = section.columns.map((_, i) => Math.max(...cells.map((row) => row[i]?.length ?? 0)));
  const line = (row: readonly string[]) => `| ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  const body = section.rows.length === 0 ? ['(no rows)'] : cells.slice(1).map(line);
  return [`## ${section.title}`, '', line(cells[0]), rule, ...body, ...(section.notes ?? []).map((note) => `\n${note}`)].join('\n');
}
