// Forces a PIN change at the next sign-in for one account, every member of a group, or
// everyone (SafeNet's "global or group PIN change"). Accounts without a PIN are untouched: they
// set one at their next sign-in anyway.
import { DomainError } from '../../domain/errors.ts';
import type { PinChangeScope } from '../ports.ts';
import type { AdminDependencies } from './dependencies.ts';
import { requireAccount } from './find-account.ts';

export type ForceTarget = { readonly username: string } | { readonly group: string } | { readonly all: true };

export async function forcePinChange(deps: AdminDependencies, target: ForceTarget): Promise<{ accounts: number }> {
  let scope: PinChangeScope;
  if ('username' in target) scope = { accountId: (await requireAccount(deps.accounts, target.username)).id };
  else if ('group' in target) {
    if (!target.group.trim()) throw new DomainError('invalid_input', 'a group name is required', { fields: { group: 'missing' } });
    scope = { group: target.group.trim() };
  } else scope = { all: true };
  return { accounts: await deps.accounts.forcePinChange(scope, deps.clock.now()) };
}
