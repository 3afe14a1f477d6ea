// `pingate pin set|reset|force-change|warn-expiring` and `pingate policy show`.
// `pin set`: the PIN comes from a no-echo prompt or stdin; --pin is accepted for
// scripts but warned about, since it lands in shell history and the process list. Whether the
// PIN is acceptable, and whether it must be changed at first use, is the use case's decision.
import type { Command } from 'commander';
import { normalizeUsername } from '../domain/username.ts';
import { requireAccount } from '../usecases/admin/find-account.ts';
import { setPin } from '../usecases/admin/set-pin.ts';
import { resetPin } from '../usecases/admin/reset-pin.ts';
import { forcePinChange } from '../usecases/admin/force-pin-change.ts';
import { showPolicy } from '../usecases/admin/show-policy.ts';
import { warnAllExpiringPins } from '../usecases/pin/warn-expiring.ts';
import { CliError } from './errors.ts';
import { formatTable } from './table.ts';
import type { CommandContext } from './context.ts';
import { writeJson, writeLine } from './io.ts';
import { isJson } from './options.ts';
import { readPin } from './read-pin.ts';

interface SetOptions {
  readonly pin?: string;
  readonly waiveChangeOnFirstUse?: boolean;
}

export function registerPinCommands(program: Command, { io, withAdmin }: CommandContext): void {
  const pin = program.command('pin').description("manage an account's PIN");

  pin
    .command('set')
    .description('set a known PIN (read from the terminal without echo, or the first line of stdin)')
    .argument('<username>', 'the account')
    .option('--pin <pin>', 'the PIN on the command line (visible in shell history: prefer stdin)')
    .option('--waive-change-on-first-use', 'let the user keep this PIN, when the PIN policy allows waiving the change at first use')
    .action(async (username: string, options: SetOptions, command: Command) => {
      if (options.pin !== undefined) {
        writeLine(io.stderr, 'pingate: warning: a PIN given with --pin is kept in shell history and visible to other users in the process list; pipe it on stdin instead');
      }
      const { state } = await withAdmin(async (admin) => {
        // An unknown account fails before anyone is asked to type a PIN for it.
        await requireAccount(admin.accounts, username);
        const pin = options.pin ?? (await readPin(io));
        return setPin(admin, username, pin, { waiveChangeOnFirstUse: options.waiveChangeOnFirstUse === true });
      });
      const name = normalizeUsername(username);
      if (isJson(command)) writeJson(io.stdout, { username: name, pinState: state });
      else if (state === 'CHANGE_FORCED') writeLine(io.stdout, `PIN set for ${name}; the PIN policy requires a change at the next sign-in.`);
      else writeLine(io.stdout, `PIN set for ${name}.`);
    });

  pin
    .command('reset')
    .description('reset a PIN: the user sets a new one at the next sign-in, or gets a generated temporary PIN (always when random PINs are forced) that must be changed at its first use')
    .argument('<username>', 'the account')
    .option('--temporary', 'generate a temporary PIN and print it once')
    .option('--email', 'generate a temporary PIN and email it to the user instead of printing it')
    .action(async (username: string, options: { temporary?: boolean; email?: boolean }, command: Command) => {
      const temporaryPin = options.email ? 'email' : options.temporary ? 'show' : undefined;
      const result = await withAdmin((admin) => resetPin(admin, username, { temporaryPin }));
      const name = normalizeUsername(username);
      if (isJson(command)) writeJson(io.stdout, { username: name, pinState: result.state, ...('randomPin' in result ? { randomPin: result.randomPin } : {}), ...('emailed' in result ? { emailed: true } : {}) });
      else if ('emailed' in result) writeLine(io.stdout, `New PIN for ${name} emailed to the account's address; the user must change it at the next sign-in.`);
      else if ('randomPin' in result) {
        writeLine(io.stdout, `New PIN for ${name} (shown once; the user must change it at the next sign-in): ${result.randomPin}`);
      } else writeLine(io.stdout, `PIN of ${name} reset: the user proves the token and chooses a PIN at the next sign-in.`);
    });

  pin
    .command('force-change')
    .description('make one account, a group or everyone choose a new PIN at the next sign-in')
    .argument('[username]', 'the account')
    .option('--group <group>', 'every member of this group')
    .option('--all', 'every account with a PIN')
    .action(async (username: string | undefined, options: { group?: string; all?: boolean }, command: Command) => {
      const targets = [username !== undefined, options.group !== undefined, options.all === true].filter(Boolean).length;
      if (targets !== 1) throw new CliError('give exactly one of: <username>, --group G, --all');
      const target = username !== undefined ? { username } : options.group !== undefined ? { group: options.group } : ({ all: true } as const);
      const { accounts } = await withAdmin((admin) => forcePinChange(admin, target));
      if (isJson(command)) writeJson(io.stdout, { accounts });
      else writeLine(io.stdout, `${accounts} account${accounts === 1 ? '' : 's'} must change their PIN at the next sign-in.`);
    });

  pin
    .command('warn-expiring')
    .description('email every user whose PIN expires within the policy\'s warning period (once per PIN; run daily)')
    .action(async (_options: unknown, command: Command) => {
      const told = await withAdmin((admin) => warnAllExpiringPins(admin));
      if (isJson(command)) writeJson(io.stdout, { notified: told });
      else writeLine(io.stdout, `${told} user${told === 1 ? '' : 's'} told that their PIN expires soon.`);
    });

  program
    .command('policy')
    .description('PIN policies')
    .command('show')
    .description('the effective PIN policy: global, of a group, or of an account, with the text users see')
    .option('--group <group>', 'the policy of this group')
    .option('--account <username>', 'the policy that applies to this account (the strictest of its groups)')
    .action(async (options: { group?: string; account?: string }, command: Command) => {
      const view = await withAdmin((admin) => showPolicy(admin, { group: options.group, username: options.account }));
      if (isJson(command)) {
        writeJson(io.stdout, view);
        return;
      }
      writeLine(io.stdout, `Users see: ${view.description}`);
      for (const rule of view.rules) writeLine(io.stdout, `  - ${rule}`);
      writeLine(io.stdout);
      writeLine(io.stdout, formatTable(['SETTING', 'VALUE'], Object.entries(view.policy).map(([key, value]) => [key, JSON.stringify(value)])));
    });
}
