// `pingate token import`: TOTP tokens provisioned elsewhere (an RSA, SafeNet or privacyIDEA seed
// file, read by an adapter into this shape) assigned to the accounts the file names, each with
// the vendor's serial and its seed sealed as an enrolled token's is. Every token gets one outcome;
// nothing is imported twice (a serial already here is reported), a dry run imports nothing, and
// an account that already has a working token is left as it is (the helpdesk removes it first:
// a second secret for one account should be a decision, not a side effect of a migration).
import { isDomainError } from '../../domain/errors.ts';
import { normalizeUsername } from '../../domain/username.ts';
import type { TotpAlgorithm } from '../../security/totp.ts';
import type { AdminDependencies } from './dependencies.ts';
import { enrolTotp } from './enrol-totp.ts';
import { requireAdministrator, requireManageableAccount } from './find-account.ts';

/** One token as a file reader gives it (src/token-import): importable, or with its problem. */
export interface TokenToImport {
  readonly serial: string;
  readonly username: string | undefined;
  readonly kind: 'totp' | 'unsupported';
  readonly problem?: string | undefined;
  readonly secret?: Uint8Array | undefined;
  readonly algorithm?: TotpAlgorithm | undefined;
  readonly digits?: number | undefined;
  readonly period?: number | undefined;
}

export type ImportOutcome =
  | 'imported'
  | 'would_import'
  | 'unsupported'
  | 'no_owner'
  | 'unknown_user'
  | 'not_allowed'
  | 'duplicate_serial'
  | 'has_active_token'
  | 'weak_secret'
  | 'bad_parameters';

export interface ImportResult {
  readonly serial: string;
  readonly username: string | null;
  readonly outcome: ImportOutcome;
  readonly reason: string | null;
}

export interface ImportOptions {
  readonly dryRun: boolean;
  /** The file's format, for the audit record. */
  readonly source: string;
  /** `uid`: the owner is the UID= (or CN=) part of a distinguished name the file gives
   * (PSKC files often name "UID=jsmith,DC=example,DC=net"); `as-is`: the name as written. */
  readonly usernameFrom: 'as-is' | 'uid';
  /** The base32 form of a raw secret (the security adapter's encoder). */
  readonly base32: (bytes: Uint8Array) => string;
}

const MIN_SECRET_BYTES = 16;

/** The owner's username as Pingate spells it, or null when the file names none usable. */
export function ownerOf(named: string | undefined, usernameFrom: ImportOptions['usernameFrom']): string | null {
  if (!named?.trim()) return null;
  if (usernameFrom === 'as-is') return normalizeUsername(named);
  const part = /(?:^|,)\s*(?:UID|CN)=([^,]+)/i.exec(named)?.[1];
  return part ? normalizeUsername(part) : normalizeUsername(named);
}

function parameterProblem(token: TokenToImport): string | null {
  if (token.algorithm !== undefined && !['SHA1', 'SHA256', 'SHA512'].includes(token.algorithm)) return `the hash ${token.algorithm} is not supported`;
  if (token.digits !== undefined && token.digits !== 6 && token.digits !== 8) return `${token.digits}-digit codes are not supported (6 or 8)`;
  if (token.period !== undefined && (!Number.isInteger(token.period) || token.period < 1 || token.period > 300)) return `a time step of ${token.period} s is not supported (1 to 300)`;
  return null;
}

async function importOne(deps: AdminDependencies, token: TokenToImport, options: ImportOptions): Promise<ImportResult> {
  const username = ownerOf(token.username, options.usernameFrom);
  const result = (outcome: ImportOutcome, reason: string | null = null): ImportResult => ({ serial: token.serial, username, outcome, reason });
  if (token.kind !== 'totp' || token.problem || !token.secret) return result('unsupported', token.problem ?? 'not a TOTP token');
  if (!username) return result('no_owner', 'the file names no owner for this token');
  const problem = parameterProblem(token);
  if (problem) return result('bad_parameters', problem);
  if (token.secret.length < MIN_SECRET_BYTES) return result('weak_secret', `the seed has ${token.secret.length * 8} bits; at least ${MIN_SECRET_BYTES * 8} are needed (RFC 4226)`);
  let account;
  try {
    account = await requireManageableAccount(deps, username);
  } catch (error) {
    if (isDomainError(error) && error.code === 'not_found') return result('unknown_user', 'no account with this username: create it first');
    if (isDomainError(error) && error.code === 'forbidden') return result('not_allowed', error.message);
    throw error;
  }
  if (await deps.tokens.findBySerial(token.serial)) return result('duplicate_serial', 'a token with this serial is already in Pingate');
  if (await deps.tokens.findActiveForAccount(account.id)) return result('has_active_token', 'the account already has a working token: remove it first to replace it');
  if (options.dryRun) return result('would_import');
  const parameters = { ...(token.algorithm ? { algorithm: token.algorithm } : {}), ...(token.digits ? { digits: token.digits as 6 | 8 } : {}), ...(token.period ? { period: token.period } : {}) };
  try {
    await enrolTotp(deps, { username: account.username, secret: options.base32(token.secret), parameters, serial: token.serial, origin: options.source });
  } catch (error) {
    // Another import (or an administrator) took the serial meanwhile.
    if (isDomainError(error) && error.code === 'duplicate') return result('duplicate_serial', 'a token with this serial is already in Pingate');
    throw error;
  }
  return result('imported');
}

export async function importTokens(deps: AdminDependencies, tokens: readonly TokenToImport[], options: ImportOptions): Promise<ImportResult[]> {
  requireAdministrator(deps, 'import tokens');
  const results: ImportResult[] = [];
  // One at a time: two tokens of one file for one account must not both pass the active-token check.
  for (const token of tokens) results.push(await importOne(deps, token, options));
  return results;
}
