// Runs one memory measurement in a fresh process (`node --expose-gc bench/runtime/isolated.ts
// <memory|crowd> <backend> <moduleCacheDir>`) and prints its JSON: resident memory of a process
// that already ran other benchmarks says more about its history than about containers.
import type { Backend } from '../../src/runtime/runner.ts';
import { crowd, memoryPerContainer } from './measure.ts';

const [what, backend, moduleCacheDir] = process.argv.slice(2) as ['memory' | 'crowd', Backend, string];
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const setup = { backend, moduleCacheDir, gc };
const result = what === 'memory' ? await memoryPerContainer(setup) : await crowd(setup);
process.stdout.write(`${JSON.stringify(result)}\n`);
