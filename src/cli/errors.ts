// Turns what a command threw into a message on stderr and an exit code. Expected errors (bad
// input, unknown account, duplicates, configuration) print one line, never a stack trace.
import { CommanderError } from 'commander';
import { ConfigError } from '../config/load.ts';
import { StorageNotSupportedError, StorageOpenError } from '../storage/errors.ts';
import { isDomainError, type DomainErrorCode } from '../domain/errors.ts';
import { writeLine, type CliIo } from './io.ts';

export const EXIT = {
  ok: 0,
  failure: 1,
  invalidInput: 2,
  notFound: 3,
  duplicate: 4,
  forbidden: 5,
  interrupted: 130,
} as const;

/** An error of the command line itself (e.g. no PIN on stdin, Ctrl-C at the prompt). */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode: number = EXIT.invalidInput) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

const domainExitCodes: Partial<Record<DomainErrorCode, number>> = {
  invalid_input: EXIT.invalidInput,
  not_found: EXIT.notFound,
  duplicate: EXIT.duplicate,
  forbidden: EXIT.forbidden,
};

export function reportError(error: unknown, io: CliIo): number {
  // Commander has already printed its own message (unknown option, missing argument, help).
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.invalidInput;
  if (isDomainError(error)) {
    writeLine(io.stderr, `pingate: ${error.message}`);
    return domainExitCodes[error.code] ?? EXIT.failure;
  }
  if (error instanceof CliError) {
    writeLine(io.stderr, `pingate: ${error.message}`);
    return error.exitCode;
  }
  if (error instanceof ConfigError || error instanceof StorageOpenError || error instanceof StorageNotSupportedError) {
    writeLine(io.stderr, `pingate: ${error.message}`);
    return EXIT.failure;
  }
  writeLine(io.stderr, `pingate: unexpected error: ${(error as Error)?.message ?? String(error)}`);
  return EXIT.failure;
}
