import { Command, CommanderError } from 'commander';
import { toErrorData } from '@borderpost/common';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from './exit';
import { commandGroups } from './groups';
import { type CliIo, processIo, writeJsonLine } from './io';

const VERSION = '0.1.0';

export function buildProgram(io: CliIo): Command {
  const program = new Command('borderpost')
    .description('Borderpost — offline-first border management. Machine output is JSON; errors are JSON on stderr.')
    .version(VERSION)
    .showSuggestionAfterError(true);
  configureOutput(program, io);
  for (const group of commandGroups) {
    const command = program.command(group.name).description(group.description);
    configureOutput(command, io);
    group.register(command, io);
  }
  return program;
}

/** Help goes to stdout (it is what the user asked for); Commander's own error text is replaced by our JSON. */
function configureOutput(command: Command, io: CliIo): void {
  command.exitOverride();
  command.configureOutput({
    writeOut: (text) => io.stdout.write(text),
    writeErr: () => undefined,
  });
  const originalCommand = command.command.bind(command);
  command.command = ((...args: Parameters<Command['command']>) => {
    const sub = originalCommand(...args) as Command;
    configureOutput(sub, io);
    return sub;
  }) as Command['command'];
}

/**
 * Runs one command line and resolves to its exit code: 0 success, 1 failure, 2 usage error.
 * Never throws, so tests call it in-process.
 */
export async function run(argv: string[], io: CliIo = processIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
        return EXIT_OK;
      }
      if (error.code === 'commander.executeSubCommandAsync') return EXIT_FAILURE;
      writeJsonLine(io.stderr, { error: { code: 'CLI_USAGE', message: error.message.replace(/^error: /, '') } });
      return EXIT_USAGE;
    }
    writeJsonLine(io.stderr, { error: toErrorData(error) });
    return error instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
  }
}

/** Process entry used by `bin/borderpost.js`. */
export function main(argv: string[]): void {
  run(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      writeJsonLine(process.stderr, { error: toErrorData(error) });
      process.exitCode = EXIT_FAILURE;
    },
  );
}
