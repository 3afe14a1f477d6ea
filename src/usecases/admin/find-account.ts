// Looks an account up by username for an administrative action; a clear error when absent.
import { DomainError } from '../../domain/errors.ts';
import { normalizeUsername } from '../../domain/username.ts';
import type { Account, AccountStore } from '../ports.ts';

export async function requireAccount(accounts: AccountStore, username: string): Promise<Account> {
  const account = await accounts.findByUsername(normalizeUsername(username));
  if (!account) throw new DomainError('not_found', `no account named ${normalizeUsername(username)}`, { username });
  return account;
}
