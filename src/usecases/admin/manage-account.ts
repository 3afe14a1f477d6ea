// Account administration beyond creation: search, update, disable/enable, delete.
import { DomainError } from '../../domain/errors.ts';
import type { Account, AccountPatch } from '../ports.ts';
import { auditAdmin } from './audit.ts';
import type { AdminDependencies } from './dependencies.ts';
import { requireAdministrator, requireManageableAccount } from './find-account.ts';
import { validateAccountFields } from './create-account.ts';
import { endSessions } from '../sessions/end-sessions.ts';

export async function searchAccounts(deps: AdminDependencies, query: { text?: string | undefined; group?: string | undefined; limit: number; skip: number }) {
  return deps.accounts.search({ text: query.text ?? '', group: query.group?.trim() || undefined, limit: query.limit, skip: query.skip });
}

export async function updateAccount(deps: AdminDependencies, username: string, patch: AccountPatch): Promise<Account> {
  requireAdministrator(deps, 'change an account');
  const account = await requireManageableAccount(deps, username);
  const clean = validateAccountFields(patch);
  await deps.accounts.update(account.id, clean, deps.clock.now());
  await auditAdmin(deps, 'account.updated', account, { fields: Object.keys(clean).sort().join(',') });
  return (await deps.accounts.findById(account.id))!;
}

/** Disabling keeps everything but refuses sign-in (the same answer as a wrong PIN). */
export async function setAccountEnabled(deps: AdminDependencies, username: string, enabled: boolean): Promise<Account> {
  requireAdministrator(deps, 'change an account');
  const account = await requireManageableAccount(deps, username);
  const status = enabled ? 'ACTIVE' : 'DISABLED';
  if (account.status !== status) {
    await deps.accounts.setStatus(account.id, status, deps.clock.now());
    await auditAdmin(deps, enabled ? 'account.enabled' : 'account.disabled', account);
    if (!enabled) await endSessions(deps, account, 'accountDisable', deps.actor);
  }
  return (await deps.accounts.findById(account.id))!;
}

/** Deletes the account first, then its tokens: if the second step fails, the leftover tokens
 * belong to no account and can never be used. */
export async function deleteAccount(deps: AdminDependencies, username: string): Promise<{ tokens: number }> {
  requireAdministrator(deps, 'change an account');
  const account = await requireManageableAccount(deps, username);
  if (!(await deps.accounts.delete(account.id))) throw new DomainError('not_found', `no account named ${account.username}`);
  const tokens = await deps.tokens.deleteForAccount(account.id);
  await auditAdmin(deps, 'account.deleted', account, { tokens });
  await endSessions(deps, account, 'account_delete', deps.actor);
  return { tokens };
}
