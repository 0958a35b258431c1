// `npm run bench [-- section…]`: runs the named sections (all when none are named) and prints a
// table per section. Loops are bounded and traffic stays on loopback.
import type { BenchModule, BenchSection } from './section.ts';
import { renderTable } from './table.ts';

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
