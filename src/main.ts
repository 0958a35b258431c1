import { runCli } from './cli/index.ts';

// Entry point of `gatehouse` (bin/gatehouse.js) and `npm start`. The exit status is set, not
// forced, so a running server keeps the process alive and a finished command exits cleanly.
process.exitCode = await runCli(process.argv);
