export { run, main, buildProgram } from './main';
export type { CommandGroup } from './group';
export { type CliIo, writeJsonLine, readAll, readLines } from './io';
export { UsageError, EXIT_OK, EXIT_FAILURE, EXIT_USAGE } from './exit';
export { runCli, type CliRun } from './testing';
export { startDemoSystem, demoCredentials, DEMO_POST, DEMO_WANTED, type DemoOptions, type RunningDemo } from './groups/demo-system';
