// `pingate token import <file>`: TOTP seeds from another token server (docs/migration.md). The
// file is read where the command runs (seed files never travel through a browser or an API).
// Exit 0 when every token got its outcome, skipped ones included (they are reported, not errors);
// 2 when the file cannot be read; 1 when the database failed part way (the table says which
// tokens are in: run it again to continue).
import type { Command } from 'commander';
import type { UsernameFrom } from '../domain/token-owner.ts';
import { importTokens, type ImportResult } from '../usecases/admin/import-tokens.ts';
import type { CommandContext } from './context.ts';
import { CliError, EXIT } from './errors.ts';
import { writeJson, writeLine } from './io.ts';
import { isJson } from './options.ts';
import { readTokenFile, TOKEN_FILE_FORMATS, type TokenFileOptions } from './read-token-file.ts';
import { formatTable } from './table.ts';

interface ImportCommandOptions extends TokenFileOptions {
  readonly usernameFrom: string;
  readonly dryRun?: boolean;
}

const USERNAME_FROM: readonly UsernameFrom[] = ['as-is', 'uid'];

function summary(results: readonly ImportResult[]): string {
  const counts = new Map<string, number>();
  for (const result of results) counts.set(result.outcome, (counts.get(result.outcome) ?? 0) + 1);
  return [...counts].map(([outcome, count]) => `${count} ${outcome}`).join(', ') || 'no token in the file';
}

export function registerTokenImportCommand(token: Command, { io, withAdmin }: CommandContext): void {
  token
    .command('import')
    .description('import TOTP tokens from a PSKC seed file (RFC 6030: RSA, Thales/SafeNet, privacyIDEA) or a privacyIDEA token-janitor export, each to the account the file names; never a seed in the output')
    .argument('<file>')
    .option('--format <format>', `${TOKEN_FILE_FORMATS.join(', ')} (default: told from the content)`)
    .option('--password-file <file>', 'the password of a password-encrypted (PBKDF2) PSKC file, on its first line')
    .option('--password-stdin', 'read that password from the first line of stdin')
    .option('--key-file <file>', 'the pre-shared key of an encrypted PSKC file (hex), or the key of a privacyIDEA pi export')
    .option('--username-from <how>', 'as-is, or uid: the UID= (else CN=) value of a distinguished name such as UID=jsmith,DC=example,DC=net', 'as-is')
    .option('--dry-run', 'report what would be imported, import nothing')
    .action(async (file: string, options: ImportCommandOptions, command: Command) => {
      const usernameFrom = USERNAME_FROM.find((how) => how === options.usernameFrom);
      if (!usernameFrom) throw new CliError(`--username-from must be as-is or uid, not ${options.usernameFrom}`);
      const dryRun = options.dryRun ?? false;
      const { format, tokens } = await readTokenFile(io, file, options);
      const results = await withAdmin((admin) => importTokens(admin, tokens, { dryRun, usernameFrom, format }));
      if (isJson(command)) writeJson(io.stdout, results);
      else {
        writeLine(io.stdout, formatTable(['SERIAL', 'USERNAME', 'OUTCOME', 'REASON'], results.map((r) => [r.serial, r.username ?? '-', r.outcome, r.reason ?? ''])));
        writeLine(io.stdout, `${dryRun ? 'Dry run, nothing imported: ' : ''}${summary(results)}.`);
      }
      if (results.some((r) => r.outcome === 'failed')) throw new CliError('the import stopped at a failure (see the table); the tokens before it are in: run it again to continue', EXIT.failure);
    });
}
