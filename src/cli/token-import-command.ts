// `pingate token import <file>`: TOTP seeds from another token server. The file is read on the
// server (seed files never travel through a browser or an API); its password or key comes from a
// file or stdin, never the command line (shell history, the process list).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { base32Of } from '../security/totp.ts';
import { readPrivacyIdeaExport } from '../token-import/privacyidea-export.ts';
import { readPskc } from '../token-import/pskc.ts';
import { TokenFileError, type ImportedToken } from '../token-import/imported-token.ts';
import { importTokens, type ImportResult } from '../usecases/admin/import-tokens.ts';
import type { CommandContext } from './context.ts';
import { CliError } from './errors.ts';
import { writeJson, writeLine, type CliIo } from './io.ts';
import { isJson } from './options.ts';
import { readFirstLine } from './read-pin.ts';
import { formatTable } from './table.ts';

interface ImportCommandOptions {
  readonly format?: string;
  readonly passwordFile?: string;
  readonly passwordStdin?: boolean;
  readonly keyFile?: string;
  readonly usernameFrom?: string;
  readonly dryRun?: boolean;
}

type Format = 'pskc' | 'privacyidea';

function formatOf(text: string, given: string | undefined): Format {
  if (given === 'pskc' || given === 'privacyidea') return given;
  if (given !== undefined) throw new CliError(`--format must be pskc or privacyidea, not ${given}`);
  return text.replace(/^\uFEFF/, '').trimStart().startsWith('<') ? 'pskc' : 'privacyidea';
}

const readSecretFile = (file: string): string => readFileSync(file, 'utf8').trim();

async function readTokens(io: CliIo, text: string, format: Format, options: ImportCommandOptions): Promise<ImportedToken[]> {
  const password = options.passwordFile ? readSecretFile(options.passwordFile) : options.passwordStdin ? await readFirstLine(io.stdin, 'a password') : undefined;
  const key = options.keyFile ? readSecretFile(options.keyFile) : undefined;
  try {
    if (format === 'privacyidea') return readPrivacyIdeaExport(text, key);
    // A PSKC pre-shared key is given in hex (as RSA, Thales and privacyIDEA print it).
    if (key !== undefined && !/^(?:[0-9a-fA-F]{2})+$/.test(key)) throw new CliError('the PSKC key in --key-file must be hexadecimal');
    return readPskc(text, { ...(password !== undefined ? { password } : {}), ...(key !== undefined ? { preSharedKey: Buffer.from(key, 'hex') } : {}) });
  } catch (error) {
    if (error instanceof TokenFileError) {
      const hint = error.code === 'password_required' ? ' (give --password-file, --password-stdin or --key-file)' : error.code === 'wrong_key' ? ' (the password or key does not open it)' : '';
      throw new CliError(`cannot read the token file: ${error.message}${hint}`);
    }
    throw error;
  }
}

function summary(results: readonly ImportResult[]): string {
  const counts = new Map<string, number>();
  for (const result of results) counts.set(result.outcome, (counts.get(result.outcome) ?? 0) + 1);
  return [...counts].map(([outcome, count]) => `${count} ${outcome}`).join(', ') || 'no token in the file';
}

export function registerTokenImportCommand(token: Command, { io, withAdmin }: CommandContext): void {
  token
    .command('import')
    .description('import TOTP tokens from a PSKC file (RFC 6030: RSA, Thales/SafeNet, privacyIDEA) or a privacyIDEA token-janitor export, assigned to the accounts the file names')
    .argument('<file>')
    .option('--format <format>', 'pskc or privacyidea (default: from the content)')
    .option('--password-file <file>', 'the password of a PBKDF2-encrypted PSKC file')
    .option('--password-stdin', 'read that password from the first line of stdin')
    .option('--key-file <file>', 'the pre-shared key of an encrypted PSKC file (hex), or the Fernet key of a privacyIDEA "pi" export')
    .option('--username-from <how>', 'as-is, or uid: the UID= (or CN=) part of a distinguished name', 'as-is')
    .option('--dry-run', 'report what would be imported, import nothing')
    .action(async (file: string, options: ImportCommandOptions, command: Command) => {
      if (options.usernameFrom !== 'as-is' && options.usernameFrom !== 'uid') throw new CliError(`--username-from must be as-is or uid, not ${options.usernameFrom}`);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      const format = formatOf(text, options.format);
      const tokens = await readTokens(io, text, format, options);
      const results = await withAdmin((admin) => importTokens(admin, tokens, { dryRun: options.dryRun ?? false, source: format, usernameFrom: options.usernameFrom as 'as-is' | 'uid', base32: base32Of }));
      if (isJson(command)) {
        writeJson(io.stdout, results);
        return;
      }
      writeLine(io.stdout, formatTable(['SERIAL', 'USERNAME', 'OUTCOME', 'REASON'], results.map((r) => [r.serial, r.username ?? '-', r.outcome, r.reason ?? ''])));
      writeLine(io.stdout, `${options.dryRun ? 'Dry run, nothing imported: ' : ''}${summary(results)}.`);
    });
}
