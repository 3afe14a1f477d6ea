// `pingate account add|list|show|unlock` (and update|disable|enable|remove: account-lifecycle-commands.ts).
import type { Command } from 'commander';
import { accountJson } from '../usecases/admin/representations.ts';
import { createAccount } from '../usecases/admin/create-account.ts';
import { searchAccounts } from '../usecases/admin/manage-account.ts';
import { showAccount } from '../usecases/admin/show-account.ts';
import { unlockAccount } from '../usecases/admin/unlock-account.ts';
import type { CommandContext } from './context.ts';
import { registerAccountLifecycleCommands } from './account-lifecycle-commands.ts';
import { writeJson, writeLine } from './io.ts';
import { collectList, integerIn, isJson } from './options.ts';
import { formatTable } from './table.ts';

interface AddOptions {
  readonly email?: string;
  readonly name?: string;
  readonly group?: string[];
}

interface ListOptions {
  readonly search?: string;
  readonly group?: string;
  readonly limit: number;
  readonly skip: number;
}

export function registerAccountCommands(program: Command, context: CommandContext): void {
  const { io, withAdmin } = context;
  const account = program.command('account').description('manage accounts');
  registerAccountLifecycleCommands(account, context);

  account
    .command('add')
    .description('create an account (no PIN and no token yet)')
    .argument('<username>', 'letters, digits or . _ @ + - (stored in lower case)')
    .option('--email <address>', 'email address')
    .option('--name <display-name>', 'display name, e.g. "Alice Example"')
    .option('--group <group>', 'group membership; repeat, or give a comma-separated list', collectList)
    .action(async (username: string, options: AddOptions, command: Command) => {
      const { created, json } = await withAdmin(async (admin) => {
        const account = await createAccount(admin, { username, email: options.email ?? null, displayName: options.name ?? null, groups: options.group ?? [] });
        return { created: account, json: accountJson(account, admin.clock.now(), admin.lockout) };
      });
      if (isJson(command)) writeJson(io.stdout, json);
      else writeLine(io.stdout, `Account ${created.username} created (id ${created.id}). Next: pingate pin set ${created.username}`);
    });

  account
    .command('list')
    .description('list or search accounts, sorted by username')
    .option('--search <text>', 'usernames starting with, or emails or display names containing, this text')
    .option('--group <group>', 'members of this group only')
    .option('--limit <n>', 'at most this many accounts', integerIn(1, 10_000), 100)
    .option('--skip <n>', 'skip this many accounts first', integerIn(0, Number.MAX_SAFE_INTEGER), 0)
    .action(async (options: ListOptions, command: Command) => {
      const { accounts, now, limits } = await withAdmin(async (admin) => ({
        accounts: (await searchAccounts(admin, { text: options.search, group: options.group, limit: options.limit, skip: options.skip })).items,
        now: admin.clock.now(),
        limits: admin.lockout,
      }));
      if (isJson(command)) {
        writeJson(io.stdout, accounts.map((a) => accountJson(a, now, limits)));
        return;
      }
      if (accounts.length === 0) {
        writeLine(io.stdout, 'No accounts.');
        return;
      }
      const rows = accounts.map((a) => [a.username, a.displayName ?? '', a.email ?? '', a.groups.join(','), a.status, a.pin.state]);
      writeLine(io.stdout, formatTable(['USERNAME', 'DISPLAY NAME', 'EMAIL', 'GROUPS', 'STATUS', 'PIN'], rows));
    });

  account
    .command('show')
    .description('one account: PIN state and expiry, lockout, tokens (never a hash or secret)')
    .argument('<username>', 'the account')
    .action(async (username: string, _options: unknown, command: Command) => {
      const view = await withAdmin((admin) => showAccount(admin, username));
      if (isJson(command)) {
        writeJson(io.stdout, view);
        return;
      }
      const when = (date: Date | null) => (date ? date.toISOString() : '-');
      const expiry = view.pin.expiry;
      const lines: Array<[string, string]> = [
        ['username', view.username],
        ['id', view.id],
        ['display name', view.displayName ?? '-'],
        ['email', view.email ?? '-'],
        ['groups', view.groups.join(', ') || '-'],
        ['status', view.status],
        ['PIN', `${view.pin.state}, changed ${when(view.pin.changedAt)}`],
        ['PIN expiry', !expiry ? '-' : expiry.kind === 'never' ? 'never' : expiry.kind === 'grace' ? `expired, grace until ${when(expiry.graceUntil)}` : `${expiry.kind} (${when(expiry.expiresAt)})`],
        ['locked', view.lockout.locked ? `yes, since ${when(view.lockout.lockedAt)}${view.lockout.lockedUntil ? ` until ${when(view.lockout.lockedUntil)}` : ' until unlocked'}` : 'no'],
        ['failures', String(view.lockout.failures)],
      ];
      writeLine(io.stdout, formatTable(['FIELD', 'VALUE'], lines));
      writeLine(io.stdout);
      writeLine(io.stdout, view.tokens.length === 0 ? 'No tokens.' : formatTable(['SERIAL', 'TYPE', 'STATE', 'PARAMETERS', 'CREATED'],
        view.tokens.map((t) => [t.serial, t.type, t.state, t.type === 'totp' ? `${t.algorithm}/${t.digits}/${t.period}s` : '', t.createdAt.toISOString()])));
    });

  account
    .command('unlock')
    .description('lift a lock and reset the failure count (an expired PIN gets the policy\'s grace period)')
    .argument('<username>', 'the account')
    .action(async (username: string, _options: unknown, command: Command) => {
      const result = await withAdmin((admin) => unlockAccount(admin, username));
      if (isJson(command)) writeJson(io.stdout, result);
      else writeLine(io.stdout, `${result.wasLocked ? 'Unlocked' : 'Was not locked; failure count reset for'} ${username}.${result.graceUntil ? ` The expired PIN must be changed before ${result.graceUntil.toISOString()}.` : ''}`);
    });
}
