// `pingate secrets reseal [--dry-run] [--max N]`: seals every stored secret again under the
// current PINGATE_SECRET_KEY (docs/security.md, "Key management").
import type { Command } from 'commander';
import { resealSecrets, type ResealCounts } from '../usecases/secrets/reseal.ts';
import type { CommandContext } from './context.ts';
import { CliError } from './errors.ts';
import { writeJson, writeLine } from './io.ts';
import { isJson } from './options.ts';
import { formatTable } from './table.ts';

function maxOption(value: string | undefined): number {
  if (value === undefined) return Infinity;
  const max = Number(value);
  if (!Number.isInteger(max) || max < 1) throw new CliError(`--max must be a positive whole number, not ${value}`);
  return max;
}

export function registerSecretsCommands(program: Command, { io, withStorage }: CommandContext): void {
  const secrets = program.command('secrets').description('the secrets sealed with PINGATE_SECRET_KEY');

  secrets
    .command('reseal')
    .description('seal every TOTP seed, client secret and signing key again under the current PINGATE_SECRET_KEY (the old one in PINGATE_SECRET_KEY_PREVIOUS); safe to stop and run again')
    .option('--dry-run', 'count what would be sealed again, change nothing')
    .option('--max <n>', 'stop after sealing this many records (run again to continue)')
    .action(async (options: { dryRun?: boolean; max?: string }, command: Command) => {
      const max = maxOption(options.max);
      const report = await withStorage(({ storage, secretBox, operator, audit }) =>
        resealSecrets({ tokens: storage.tokens, clients: storage.clients, signingKeys: storage.signingKeys, secretBox, audit, actor: operator }, { dryRun: options.dryRun ?? false, max }),
      );
      if (isJson(command)) {
        writeJson(io.stdout, report);
        return;
      }
      const row = (name: string, counts: ResealCounts) => [name, String(counts.resealed), String(counts.current), String(counts.skipped)];
      writeLine(io.stdout, formatTable(['RECORDS', report.dryRun ? 'TO RESEAL' : 'RESEALED', 'ALREADY CURRENT', 'CHANGED MEANWHILE'], [row('tokens', report.tokens), row('clients', report.clients), row('signing keys', report.signingKeys)]));
      if (report.dryRun) writeLine(io.stdout, 'Dry run: nothing was changed.');
      else if (!report.complete) writeLine(io.stdout, 'Not finished (stopped at --max, or records changed meanwhile): run it again.');
      else writeLine(io.stdout, 'Every secret is sealed under the current key: PINGATE_SECRET_KEY_PREVIOUS can be removed.');
    });
}
