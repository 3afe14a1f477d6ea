// `pingate token import`: TOTP tokens provisioned elsewhere (an RSA, Thales/SafeNet or
// privacyIDEA seed file, read by an adapter in src/token-import into ImportedTokens) assigned to the accounts
// the file names, each under the vendor's serial, its seed sealed as an enrolled token's is.
// Every token gets one outcome and the run goes on past skipped ones. It can be run again: a
// serial already in Pingate is reported, not imported twice. A dry run decides exactly as the
// import would, a token it would take included (a second token of the file for the same serial
// or account is reported as the import would report it). An account that already has a working
// token is left as it is: a second secret for one account should be a helpdesk decision, not a
// side effect of a migration. An unexpected failure (the database) stops the run there: each
// token is one write, so it is in Pingate whole or not at all, and running again continues.
import { isDomainError } from '../../domain/errors.ts';
import { ownerUsername, type UsernameFrom } from '../../domain/token-owner.ts';
import { base32Of, isAcceptableTotpSecret, type TotpParameters } from '../../security/totp.ts';
import type { Account } from '../ports.ts';
import { auditAdmin } from './audit.ts';
import type { AdminDependencies } from './dependencies.ts';
import { requireAdministrator, requireManageableAccount } from './find-account.ts';
import { storeTotpToken } from './store-totp-token.ts';

/** One token as a file reader gives it (the readers in src/token-import return this shape):
 * a TOTP seed with its parameters, or the reason it cannot be imported. */
export interface ImportedToken {
  readonly serial: string;
  readonly username: string | undefined;
  readonly kind: 'totp' | 'unsupported';
  readonly problem?: string | undefined;
  readonly secret?: Uint8Array | undefined;
  readonly algorithm?: 'SHA1' | 'SHA256' | 'SHA512' | undefined;
  readonly digits?: number | undefined;
  readonly period?: number | undefined;
}

export type ImportOutcome =
  | 'imported'
  | 'would_import'
  | 'unsupported'
  | 'bad_parameters'
  | 'weak_secret'
  | 'no_owner'
  | 'unknown_user'
  | 'duplicate_serial'
  | 'has_active_token'
  /** The database failed on this token: it is not in Pingate (or, as the reason says, it is
   * stored without its audit record). */
  | 'failed'
  /** After a failure: left for the next run. */
  | 'not_attempted';

export interface ImportResult {
  readonly serial: string;
  /** The owner's username as Pingate spells it, null when the file names nobody. */
  readonly username: string | null;
  readonly outcome: ImportOutcome;
  /** Why, in a short phrase; null when imported. Never a seed or a password. */
  readonly reason: string | null;
}

export interface ImportOptions {
  readonly dryRun: boolean;
  readonly usernameFrom: UsernameFrom;
  /** The file's format ("pskc", "privacyidea-csv", "privacyidea-pi"), for the audit record. */
  readonly format: string;
}

type Decision = { readonly outcome: Exclude<ImportOutcome, 'imported' | 'would_import'>; readonly reason: string } | { readonly account: Account; readonly token: StorableToken };

interface StorableToken {
  readonly serial: string;
  readonly secret: string;
  readonly parameters: TotpParameters;
}

/** What this run took (or, in a dry run, would take): a file naming a serial or an owner twice. */
interface Taken {
  readonly serials: Set<string>;
  readonly accounts: Set<string>;
}

export async function importTokens(deps: AdminDependencies, tokens: readonly ImportedToken[], options: ImportOptions): Promise<ImportResult[]> {
  requireAdministrator(deps, 'import tokens');
  const taken: Taken = { serials: new Set(), accounts: new Set() };
  const results: ImportResult[] = [];
  let stopped = false;
  // One at a time: two tokens of one file for one account must not both pass the active-token check.
  for (const token of tokens) {
    const username = ownerUsername(token.username, options.usernameFrom);
    const result = (outcome: ImportOutcome, reason: string | null = null): ImportResult => ({ serial: token.serial, username, outcome, reason });
    if (stopped) {
      results.push(result('not_attempted', 'the import stopped at an earlier failure: run it again to continue'));
      continue;
    }
    const done = await importOne(deps, token, username, options, taken, result).catch((error: Error) => result('failed', `not imported: ${error.message}`));
    stopped = done.outcome === 'failed';
    results.push(done);
  }
  return results;
}

async function importOne(
  deps: AdminDependencies,
  imported: ImportedToken,
  username: string | null,
  options: ImportOptions,
  taken: Taken,
  result: (outcome: ImportOutcome, reason?: string | null) => ImportResult,
): Promise<ImportResult> {
  const decision = await decide(deps, imported, username, taken);
  if ('outcome' in decision) return result(decision.outcome, decision.reason);
  const { account, token } = decision;
  if (options.dryRun) {
    take(taken, account, token);
    return result('would_import');
  }
  try {
    await storeTotpToken(deps, account, token);
  } catch (error) {
    // Another import (or an administrator) took the serial since it was looked up.
    if (isDomainError(error, 'duplicate')) return result('duplicate_serial', 'a token with this serial is already in Pingate');
    throw error;
  }
  take(taken, account, token);
  try {
    await auditAdmin(deps, 'token.imported', account, { serial: token.serial, type: 'totp', format: options.format });
  } catch (error) {
    return result('failed', `stored, but its audit record could not be written: ${(error as Error).message}`);
  }
  return result('imported');
}

function take(taken: Taken, account: Account, token: StorableToken): void {
  taken.serials.add(token.serial);
  taken.accounts.add(account.id);
}

/** The token, then its owner, then what Pingate already holds: the first reason not to import it. */
async function decide(deps: AdminDependencies, imported: ImportedToken, username: string | null, taken: Taken): Promise<Decision> {
  if (imported.kind !== 'totp' || imported.problem !== undefined || !imported.secret) return { outcome: 'unsupported', reason: imported.problem ?? 'not a TOTP token' };
  if (!imported.serial.trim()) return { outcome: 'unsupported', reason: 'the file gives no serial for this token' };
  // RFC 6238's defaults, not this server's: they are what the token computes with. A code length
  // is never guessed (a wrong one fails every code).
  const parameters = { algorithm: imported.algorithm ?? 'SHA1', digits: imported.digits, period: imported.period ?? 30 };
  const problem = parameterProblem(parameters);
  if (problem) return { outcome: 'bad_parameters', reason: problem };
  const secret = base32Of(imported.secret);
  if (!isAcceptableTotpSecret(secret)) return { outcome: 'weak_secret', reason: `the seed has ${imported.secret.length * 8} bits; at least 128 are needed (RFC 4226)` };
  if (!username) return { outcome: 'no_owner', reason: 'the file names no owner for this token' };
  let account: Account;
  try {
    account = await requireManageableAccount(deps, username);
  } catch (error) {
    if (isDomainError(error, 'not_found')) return { outcome: 'unknown_user', reason: 'no account with this username: create it first' };
    throw error;
  }
  if (taken.serials.has(imported.serial)) return { outcome: 'duplicate_serial', reason: 'an earlier token of this file has this serial' };
  if (await deps.tokens.findBySerial(imported.serial)) return { outcome: 'duplicate_serial', reason: 'a token with this serial is already in Pingate' };
  if (taken.accounts.has(account.id)) return { outcome: 'has_active_token', reason: 'an earlier token of this file goes to this account' };
  if (await deps.tokens.findActiveForAccount(account.id)) return { outcome: 'has_active_token', reason: 'the account already has a working token: remove it first to replace it' };
  return { account, token: { serial: imported.serial, secret, parameters: parameters as TotpParameters } };
}

/** What the sign-in can check. Wider than an enrolment's 15 to 120 s: a hardware token keeps the
 * time step it was made with. */
function parameterProblem({ algorithm, digits, period }: { readonly algorithm: string; readonly digits: number | undefined; readonly period: number }): string | null {
  if (digits === undefined) return 'the file does not give the code length';
  if (algorithm !== 'SHA1' && algorithm !== 'SHA256' && algorithm !== 'SHA512') return `the hash ${algorithm} is not supported (SHA1, SHA256 or SHA512)`;
  if (digits !== 6 && digits !== 8) return `${digits}-digit codes are not supported (6 or 8)`;
  if (!Number.isInteger(period) || period < 1 || period > 300) return `a time step of ${period} s is not supported (1 to 300)`;
  return null;
}
