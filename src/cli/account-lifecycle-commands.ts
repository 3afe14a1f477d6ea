// `pingate account update|disable|enable|remove`: the life of an account after `account add`,
// through the same use cases as the administration API (docs/admin.md lists them side by side).
import type { Command } from 'commander';
import { accountJson } from '../usecases/admin/representations.ts';
import { deleteAccount, setAccountEnabled, updateAccount } from '../usecases/admin/manage-account.ts';
import { requireAccount } from '../usecases/admin/find-account.ts';
import type { AccountPatch } from '../usecases/ports.ts';
import { confirmByName } from './confirm.ts';
import type { CommandContext } from './context.ts';
import { CliError } from './errors.ts';
import { writeJson, writeLine } from './io.ts';
import { collectList, isJson } from './options.ts';

/** Options of `account update`; false is a --no-... option: the field is cleared. */
interface UpdateOptions {
  readonly email?: string | false;
  readonly name?: string | false;
  readonly group?: string[];
  readonly noGroups?: boolean;
}

export function registerAccountLifecycleCommands(account: Command, { io, withAdmin }: CommandContext): void {
  account
    .command('update')
    .description('change an account\'s email address, display name or groups (only what is given)')
    .argument('<username>', 'the account')
    .option('--email <address>', 'new email address')
    .option('--no-email', 'remove the email address')
    .option('--name <display-name>', 'new display name')
    .option('--no-name', 'remove the display name')
    .option('--group <group>', 'the groups (replacing the current ones); repeat, or a comma-separated list', collectList)
    .option('--no-groups', 'remove the account from every group')
    .action(async (username: string, options: UpdateOptions & { groups?: boolean }, command: Command) => {
      const patch: AccountPatch = {
        ...(options.email !== undefined ? { email: options.email === false ? null : options.email } : {}),
        ...(options.name !== undefined ? { displayName: options.name === false ? null : options.name } : {}),
        ...(options.group !== undefined ? { groups: options.group } : options.groups === false ? { groups: [] } : {}),
      };
      if (Object.keys(patch).length === 0) throw new CliError('nothing to change: give at least one option (see --help)');
      const json = await withAdmin(async (admin) => accountJson(await updateAccount(admin, username, patch), admin.clock.now(), admin.lockout));
      if (isJson(command)) writeJson(io.stdout, json);
      else writeLine(io.stdout, `Account ${json.username} updated.`);
    });

  for (const enabled of [false, true]) {
    account
      .command(enabled ? 'enable' : 'disable')
      .description(enabled ? 'let a disabled account sign in again' : 'refuse the account\'s sign-ins (the answer of a wrong PIN) and end its sessions; nothing is deleted')
      .argument('<username>', 'the account')
      .action(async (username: string, _options: unknown, command: Command) => {
        const json = await withAdmin(async (admin) => accountJson(await setAccountEnabled(admin, username, enabled), admin.clock.now(), admin.lockout));
        if (isJson(command)) writeJson(io.stdout, json);
        else writeLine(io.stdout, `Account ${json.username} ${enabled ? 'enabled' : 'disabled'}.`);
      });
  }

  account
    .command('remove')
    .description('delete an account, its tokens and its sessions')
    .argument('<username>', 'the account')
    .option('--yes', 'do not ask for confirmation (required without a terminal)')
    .action(async (username: string, options: { yes?: boolean }, command: Command) => {
      if (!options.yes) {
        const found = await withAdmin((admin) => requireAccount(admin.accounts, username));
        await confirmByName(io, `Removing account ${found.username} deletes its tokens and ends its sessions`, found.username);
      }
      const { tokens } = await withAdmin((admin) => deleteAccount(admin, username));
      if (isJson(command)) writeJson(io.stdout, { username, removed: true, tokens });
      else writeLine(io.stdout, `Account ${username} removed with ${tokens} token(s).`);
    });
}
