// A helpdesk unlock: lifts a lock and resets the failure count. When the PIN has expired (and
// the policy locks expired PINs) the user gets the policy's grace period to change it.
// Unlocking an account that is not locked changes nothing but the count (idempotent).
import { graceUntilAfterUnlock, pinExpiryStatus } from '../../domain/pin-policy/index.ts';
import { policyFor } from '../pin/policies.ts';
import { auditAdmin } from './audit.ts';
import type { AdminDependencies } from './dependencies.ts';
import { requireManageableAccount } from './find-account.ts';

export async function unlockAccount(deps: AdminDependencies, username: string): Promise<{ wasLocked: boolean; graceUntil: Date | null }> {
  const account = await requireManageableAccount(deps, username);
  const now = deps.clock.now();
  const policy = policyFor(deps.policies, account.groups);
  const expired = account.pin.changedAt !== null && pinExpiryStatus(account.pin.changedAt, now, policy).kind === 'expired';
  const graceUntil = expired ? graceUntilAfterUnlock(now, policy) : null;
  await deps.accounts.unlock(account.id, now, graceUntil);
  const wasLocked = account.lockout.lockedAt !== null || account.lockout.failures > 0;
  await auditAdmin(deps, 'account.unlocked', account, { wasLocked, graceUntil: graceUntil?.toISOString() ?? null });
  return { wasLocked, graceUntil };
}
