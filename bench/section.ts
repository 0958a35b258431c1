// The one interface every benchmark section implements. A section is a module under bench/
// exporting `run()`; bench/run.ts lists them in its table and prints each as a table.

export type BenchCell = string | number;

export interface BenchSection {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly BenchCell[])[];
  /** Lines printed under the table: what was measured, on what, caveats. */
  readonly notes?: readonly string[];
}

export interface BenchModule {
  run(): Promise<BenchSection>;
}
