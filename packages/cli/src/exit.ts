import { BorderpostError } from '@borderpost/common';

/** Exit codes of every `borderpost` command. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A mistake in how the command was called (unknown option, missing argument): exit code 2. */
export class UsageError extends BorderpostError {
  constructor(message: string, code = 'CLI_USAGE') {
    super(code, message);
    this.name = 'UsageError';
  }
}
