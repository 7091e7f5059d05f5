import type { Command } from 'commander';
import type { CliIo } from './io';

/**
 * A command group (`borderpost mrz …`, `borderpost devices …`). Each group lives in its own module
 * under `src/groups/` and is listed once in `src/groups/index.ts`.
 *
 * Actions should throw `BorderpostError` (exit 1, JSON error on stderr) or `UsageError` (exit 2), and
 * write machine output with `writeJsonLine(io.stdout, …)`. Long-running commands (servers, emulators)
 * return a promise that settles when they stop.
 */
export interface CommandGroup {
  name: string;
  description: string;
  register(group: Command, io: CliIo): void;
}
