// Reads a seed file for `pingate token import` into ImportedTokens: its format (given, or told
// from the content), and the password or key that opens it, from a file or stdin only (on the
// command line it would land in shell history and the process list). A file that cannot be read
// at all stops the command with its reason code (malformed, password_required, wrong_key,
// unsupported_encryption); problems of single tokens are the use case's to report.
import { readFileSync } from 'node:fs';
import { TokenFileError, type ImportedToken } from '../token-import/imported-token.ts';
import { readPrivacyIdeaExport } from '../token-import/privacyidea-export.ts';
import { readPskc } from '../token-import/pskc.ts';
import { CliError } from './errors.ts';
import type { CliIo } from './io.ts';
import { readFirstLine } from './read-pin.ts';

export const TOKEN_FILE_FORMATS = ['pskc', 'privacyidea-csv', 'privacyidea-pi'] as const;
export type TokenFileFormat = (typeof TOKEN_FILE_FORMATS)[number];

export interface TokenFileOptions {
  readonly format?: string | undefined;
  readonly passwordFile?: string | undefined;
  readonly passwordStdin?: boolean | undefined;
  readonly keyFile?: string | undefined;
}

export interface TokenFile {
  readonly format: TokenFileFormat;
  readonly tokens: ImportedToken[];
}

export async function readTokenFile(io: CliIo, file: string, options: TokenFileOptions): Promise<TokenFile> {
  const text = readText(file, 'the token file');
  const format = formatOf(text, options.format);
  const password = await passwordOf(io, options, format);
  const key = options.keyFile === undefined ? undefined : readText(options.keyFile, '--key-file').trim();
  if (key !== undefined && format === 'privacyidea-csv') throw new CliError("privacyIDEA's CSV export is not encrypted: leave --key-file out");
  try {
    return { format, tokens: format === 'pskc' ? readPskc(text, { ...(password !== undefined ? { password } : {}), ...(key !== undefined ? { preSharedKey: hexKey(key) } : {}) }) : readPrivacyIdeaExport(text, key) };
  } catch (error) {
    if (error instanceof TokenFileError) throw new CliError(`cannot read ${file} (${error.code}): ${error.message}${hint(error.code, format)}`);
    throw error;
  }
}

function hint(code: TokenFileError['code'], format: TokenFileFormat): string {
  if (code === 'wrong_key') return ' (the password or key given does not open it)';
  if (code !== 'password_required') return '';
  return format === 'pskc' ? ' (--password-file or --password-stdin for a password, --key-file for a key)' : ' (--key-file)';
}

/** What the content is: PSKC is XML, a pi export a Fernet token (or its decrypted JSON list). */
function formatOf(text: string, given: string | undefined): TokenFileFormat {
  const content = text.replace(/^\uFEFF/, '').trimStart();
  const found: TokenFileFormat = content.startsWith('<') ? 'pskc' : content.startsWith('gAAAAA') || content.startsWith('[') ? 'privacyidea-pi' : 'privacyidea-csv';
  if (given === undefined || given === found) return found;
  if (!(TOKEN_FILE_FORMATS as readonly string[]).includes(given)) throw new CliError(`--format must be ${TOKEN_FILE_FORMATS.join(', ')}, not ${given}`);
  throw new CliError(`the file reads as ${found}, not ${given}: check the file, or leave --format out`);
}

async function passwordOf(io: CliIo, options: TokenFileOptions, format: TokenFileFormat): Promise<string | undefined> {
  if (options.passwordFile === undefined && !options.passwordStdin) return undefined;
  if (options.passwordFile !== undefined && options.passwordStdin) throw new CliError('give --password-file or --password-stdin, not both');
  if (format !== 'pskc') throw new CliError('a password opens a PSKC file only: a privacyIDEA pi export opens with --key-file');
  // The first line, as on stdin; not trimmed: spaces may belong to the password.
  const password = options.passwordFile !== undefined ? readText(options.passwordFile, '--password-file').split(/\r?\n/)[0] : await readFirstLine(io.stdin, 'a password');
  if (!password) throw new CliError('the password is empty');
  return password;
}

/** A PSKC pre-shared key is given in hex, as RSA, Thales and privacyIDEA print it. */
function hexKey(key: string): Buffer {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(key)) throw new CliError('the PSKC key in --key-file must be hexadecimal');
  return Buffer.from(key, 'hex');
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
