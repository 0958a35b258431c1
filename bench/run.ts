// `npm run bench [-- section…]`: runs the named sections (all when none are named) and prints a
// table per section. Loops are bounded and traffic stays on loopback.
import type { BenchCell, BenchModule, BenchSection } from './section.ts';

/** The table of sections. A section not written yet prints as empty instead of failing. */
const sections: Record<string, string> = {
  http: './http.ts',
  runtime: './runtime.ts',
  'custom-db': './custom-db.ts',
  actions: './actions.ts',
  load: './load.ts',
};

async function load(specifier: string): Promise<BenchModule | undefined> {
  try {
    return (await import(specifier)) as BenchModule;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((err as Error).message).includes(specifier.slice(2))) return undefined;
    throw err;
  }
}

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

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in sections));
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown section ${unknown.join(', ')}; known: ${Object.keys(sections).join(', ')}\n`);
    process.exitCode = 2;
    return;
  }
  for (const name of wanted.length > 0 ? wanted : Object.keys(sections)) {
    const module = await load(sections[name]);
    const section: BenchSection = module ? await module.run() : { title: name, columns: ['measure', 'value'], rows: [], notes: [`(bench/${name}.ts not written yet)`] };
    process.stdout.write(`${renderTable(section)}\n\n`);
  }
}

if (import.meta.main) await main();
