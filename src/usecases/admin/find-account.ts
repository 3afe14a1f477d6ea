// Looks an account up by username for an administrative action; a clear error when absent. The
// actor's role is checked here too, so the CLI, the API and the console share one set of rules.
import { mayManage } from '../../domain/console-role.ts';
import { DomainError } from '../../domain/errors.ts';
import { normalizeUsername } from '../../domain/username.ts';
import type { Account, AccountStore } from '../ports.ts';
import type { AdminDependencies } from './dependencies.ts';

export async function requireAccount(accounts: AccountStore, username: string): Promise<Account> {
  const account = await accounts.findByUsername(normalizeUsername(username));
  if (!account) throw new DomainError('not_found', `no account named ${normalizeUsername(username)}`, { username });
  return account;
}

/** The account an action is about to change: the helpdesk may not change an administrator's. */
export async function requireManageableAccount(deps: AdminDependencies, username: string): Promise<Account> {
  const account = await requireAccount(deps.accounts, username);
  assertManageable(deps, account);
  return account;
}

export function assertManageable(deps: AdminDependencies, account: Account): void {
  if (!mayManage(deps.role, account.groups, deps.consoleGroups)) {
    throw new DomainError('forbidden', `${account.username} is an administrator's account: only an administrator may change it`, { messageId: 'console.admin_account' });
  }
}

/** Actions only an administrator may take (a known PIN, tokens, clients, account lifecycle). */
export function requireAdministrator(deps: AdminDependencies, what: string): void {
  if (deps.role !== 'admin') throw new DomainError('forbidden', `only an administrator may ${what}`, { messageId: 'console.admin_only' });
}
