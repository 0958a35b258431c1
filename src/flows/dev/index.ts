// `gatehouse dev`: watch a tenant directory, reload what changed, print executions as they happen.
export { defaultEvent } from './default-events.ts';
export { watchDirectory, type Watcher, type WatchOptions } from './watcher.ts';
export { createReloader, type ReloadInput, type ReloadResult } from './reload.ts';
export { tapRunner, type UserTap } from './user-tap.ts';
export { startExecutionPrinter, describeExecution, type ExecutionPrinter, type PrintedExecution } from './execution-printer.ts';
