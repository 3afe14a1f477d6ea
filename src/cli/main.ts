// The `pingate` administration command: builds the commander program, runs one command and
// answers its exit code. It takes its streams and environment as parameters (see io.ts), so
// tests call it in-process; bin/pingate.ts calls it with the real process's.
import { Command } from 'commander';
import { PINGATE_VERSION } from '../config/version.ts';
import { registerAccountCommands } from './account-commands.ts';
import { registerClientCommands } from './client-commands.ts';
import { registerAuditCommands } from './audit-commands.ts';
import { withAdmin, withStorage, type CommandContext } from './context.ts';
import { registerDbCommands } from './db-commands.ts';
import { registerKeyCommands } from './key-commands.ts';
import { registerSecretsCommands } from './secrets-commands.ts';
import { registerSessionCommands } from './session-commands.ts';
import { EXIT, reportError } from './errors.ts';
import type { CliIo } from './io.ts';
import { registerPinCommands } from './pin-commands.ts';
import { registerTokenCommands } from './token-commands.ts';

export type { CliIo } from './io.ts';

/** Runs `pingate <argv...>` (argv without the node and script paths); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const program = createProgram({ io, withAdmin: (command) => withAdmin(io.env, command), withStorage: (command) => withStorage(io.env, command) });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    return reportError(error, io);
  }
}

export function createProgram(context: CommandContext): Command {
  const { io } = context;
  const program = new Command('pingate')
    .description('Pingate administration: accounts, PINs, tokens and OpenID Connect clients')
    .version(PINGATE_VERSION, '-V, --version')
    .option('--json', 'machine-readable output (JSON on stdout)')
    // Settings given before .command() are inherited by every subcommand.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(`pingate: ${text}`),
    })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      '\nDatabase: MONGODB_URI, or the embedded SQLite file <dataDir>/pingate.db (see docs/cli.md).\n' +
        'Exit codes: 0 ok, 1 failure, 2 invalid input, 3 not found, 4 duplicate.',
    );

  registerAccountCommands(program, context);
  registerPinCommands(program, context);
  registerTokenCommands(program, context);
  registerClientCommands(program, context);
  registerSessionCommands(program, context);
  registerAuditCommands(program, context);
  registerDbCommands(program, context);
  registerKeyCommands(program, context);
  registerSecretsCommands(program, context);
  return program;
}
