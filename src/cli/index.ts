export { buildProgram, runCli } from './program.ts';
export { boot, type Booted } from './boot.ts';
export { reportFailure, EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT, type Output } from './output.ts';
