// Forces a PIN change at the next sign-in for one account, every member of a group, or
// everyone (SafeNet's "global or group PIN change"). Accounts without a PIN are untouched: they
// set one at their next sign-in anyway.
import { DomainError } from '../../domain/errors.ts';
import type { PinChangeScope } from '../ports.ts';
import { auditAdmin } from './audit.ts';
import type { AdminDependencies } from './dependencies.ts';
import { requireAdministrator, requireManageableAccount } from './find-account.ts';
import { endSessions, sessionTime } from '../sessions/end-sessions.ts';

export type ForceTarget = { readonly username: string } | { readonly group: string } | { readonly all: true };

export async function forcePinChange(deps: AdminDependencies, target: ForceTarget): Promise<{ accounts: number }> {
  let scope: PinChangeScope;
  let subject: { id: string; username: string } | null = null;
  if ('username' in target) {
    subject = await requireManageableAccount(deps, target.username);
    scope = { accountId: subject.id };
  }
  else if ('group' in target) {
    requireAdministrator(deps, "force a group's PIN change");
    if (!target.group.trim()) throw new DomainError('invalid_input', 'a group name is required', { fields: { group: 'missing' } });
    scope = { group: target.group.trim() };
  } else {
    requireAdministrator(deps, "force everyone's PIN change");
    scope = { all: true };
  }
  const now = deps.clock.now();
  const count = await deps.accounts.forcePinChange(scope, now);
  // One account: its sessions and tokens end. A group or everyone: they are voided by time
  // (refused at their next use) without deleting every record at once.
  if (subject) await endSessions(deps, subject, 'pinForceChange', deps.actor);
  else if (deps.sessionEnd.pinForceChange) await deps.accounts.endSessions(scope, sessionTime());
  await auditAdmin(deps, 'pin.change_forced', subject, {
    scope: 'username' in target ? 'account' : 'group' in target ? 'group' : 'all',
    group: 'group' in target ? target.group.trim() : null,
    accounts: count,
  });
  // One account: tell its owner now. A group or everyone: no mass email; each member meets
  // the New PIN form at their next sign-in.
  if ('accountId' in scope && count === 1) {
    const account = await deps.accounts.findById(scope.accountId);
    if (account) await deps.notifier.pinChangeRequired(account, { reason: 'forced', expiresAt: null });
  }
  return { accounts: count };
}
