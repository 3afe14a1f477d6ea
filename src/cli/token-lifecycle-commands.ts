// `pingate token list|disable|enable|remove|resync`: the life of a token after it was assigned,
// through the same use cases as the administration API (docs/admin.md lists them side by side).
import type { Command } from 'commander';
import { deleteToken, listTokens, resyncTotp, setTokenEnabled } from '../usecases/admin/manage-tokens.ts';
import { tokenJson } from '../usecases/admin/representations.ts';
import { confirmByName } from './confirm.ts';
import type { CommandContext } from './context.ts';
import { writeJson, writeLine } from './io.ts';
import { isJson } from './options.ts';
import { formatTable } from './table.ts';

export function registerTokenLifecycleCommands(token: Command, { io, withAdmin }: CommandContext): void {
  token
    .command('list')
    .description("an account's tokens: serial, type, state (never a secret)")
    .argument('<username>', 'the account')
    .action(async (username: string, _options: unknown, command: Command) => {
      const tokens = (await withAdmin((admin) => listTokens(admin, username))).map(tokenJson);
      if (isJson(command)) return writeJson(io.stdout, tokens);
      writeLine(io.stdout, tokens.length === 0 ? 'No tokens.' : formatTable(['SERIAL', 'TYPE', 'STATE', 'CREATED'], tokens.map((t) => [t.serial, t.type, t.state, String(t.createdAt)])));
    });

  for (const enabled of [false, true]) {
    token
      .command(enabled ? 'enable' : 'disable')
      .description(enabled ? 'let a disabled token sign in again' : 'refuse a token\'s codes (its account then needs another token, or an enrolment code) and end the account\'s sessions')
      .argument('<serial>', 'the token')
      .action(async (serial: string, _options: unknown, command: Command) => {
        const json = tokenJson(await withAdmin((admin) => setTokenEnabled(admin, serial, enabled)));
        if (isJson(command)) writeJson(io.stdout, json);
        else writeLine(io.stdout, `Token ${serial} ${enabled ? 'enabled' : 'disabled'}.`);
      });
  }

  token
    .command('remove')
    .description('delete a token and end its account\'s sessions')
    .argument('<serial>', 'the token')
    .option('--yes', 'do not ask for confirmation (required without a terminal)')
    .action(async (serial: string, options: { yes?: boolean }, command: Command) => {
      if (!options.yes) await confirmByName(io, `Removing token ${serial} means its account cannot sign in with it again`, serial);
      await withAdmin((admin) => deleteToken(admin, serial));
      if (isJson(command)) writeJson(io.stdout, { serial, removed: true });
      else writeLine(io.stdout, `Token ${serial} removed.`);
    });

  token
    .command('resync')
    .description('measure how far a TOTP authenticator\'s clock has drifted, from two consecutive codes')
    .argument('<serial>', 'the token')
    .argument('<first-code>', 'a code from the authenticator')
    .argument('<second-code>', 'the code it shows next')
    .action(async (serial: string, first: string, second: string, _options: unknown, command: Command) => {
      const result = await withAdmin((admin) => resyncTotp(admin, serial, first, second));
      if (isJson(command)) writeJson(io.stdout, { serial, ...result });
      else writeLine(io.stdout, `Token ${serial} resynchronised: its clock is ${result.driftSteps} step(s) ${result.driftSteps < 0 ? 'behind' : 'ahead'}.`);
    });
}
