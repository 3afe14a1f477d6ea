// `pingate session list|revoke <username>`: an account's signed-in sessions, and ending them all;
// `session revoke --everyone` ends every account's.
import type { Command } from 'commander';
import { listSessions, revokeEveryonesSessions, revokeSessions } from '../usecases/admin/manage-sessions.ts';
import { CliError } from './errors.ts';
import type { CommandContext } from './context.ts';
import { writeJson, writeLine } from './io.ts';
import { isJson } from './options.ts';
import { formatTable } from './table.ts';

export function registerSessionCommands(program: Command, { io, withAdmin }: CommandContext): void {
  const session = program.command('session').description("an account's sessions");

  session
    .command('list')
    .description('the sessions an account is signed in with (never their cookie values)')
    .argument('<username>')
    .action(async (username: string, _options: unknown, command: Command) => {
      const sessions = await withAdmin((admin) => listSessions(admin, username));
      if (isJson(command)) {
        writeJson(io.stdout, sessions);
        return;
      }
      if (sessions.length === 0) {
        writeLine(io.stdout, `${username} has no session.`);
        return;
      }
      writeLine(io.stdout, formatTable(['SIGNED IN', 'WITH', 'APPLICATIONS', 'ENDS'], sessions.map((s) => [s.signedInAt.toISOString(), s.amr.join('+'), s.clients.join(','), s.expiresAt?.toISOString() ?? '-'])));
    });

  session
    .command('revoke')
    .description('end every session and token of an account (or, with --everyone, of every account): it signs in again everywhere')
    .argument('[username]')
    .option('--everyone', 'every account: everybody signs in again')
    .action(async (username: string | undefined, options: { everyone?: boolean }, command: Command) => {
      if (Boolean(username) === Boolean(options.everyone)) throw new CliError('give a username, or --everyone');
      const ended = await withAdmin((admin) => (username ? revokeSessions(admin, username) : revokeEveryonesSessions(admin)));
      if (isJson(command)) writeJson(io.stdout, ended);
      else writeLine(io.stdout, `Ended ${ended.sessions} session(s) and ${ended.tokens} grant(s) and token(s) of ${username ?? 'every account'}.`);
    });
}
