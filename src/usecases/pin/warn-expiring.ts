// Announces by email that a PIN will expire soon (within the policy's expiryWarningDays), once
// per PIN. Called after each successful sign-in and by `pingate pin warn-expiring` (a daily job).
import { pinExpiryStatus } from '../../domain/pin-policy/index.ts';
import type { Account, AccountStore, Clock } from '../ports.ts';
import type { Notifier } from '../notifier.ts';
import { policyFor, type PinPolicies } from './policies.ts';

export interface ExpiryWarningDependencies {
  readonly accounts: AccountStore;
  readonly notifier: Notifier;
  readonly policies: PinPolicies;
  readonly clock: Clock;
}

export async function warnIfPinExpiring(deps: ExpiryWarningDependencies, account: Account): Promise<boolean> {
  const changedAt = account.pin.changedAt;
  if (account.pin.state !== 'SET' || !changedAt || account.status !== 'ACTIVE') return false;
  const status = pinExpiryStatus(changedAt, deps.clock.now(), policyFor(deps.policies, account.groups), account.pin.graceUntil);
  if (status.kind !== 'expiring-soon') return false;
  if (!(await deps.accounts.markExpiryWarned(account.id, changedAt))) return false;
  await deps.notifier.pinChangeRequired(account, { reason: 'expiring', expiresAt: status.expiresAt });
  return true;
}

/** Every account, page by page; returns how many were told. */
export async function warnAllExpiringPins(deps: ExpiryWarningDependencies, pageSize = 200): Promise<number> {
  let told = 0;
  for (let skip = 0; ; skip += pageSize) {
    const page = await deps.accounts.list({ limit: pageSize, skip });
    for (const account of page) if (await warnIfPinExpiring(deps, account)) told++;
    if (page.length < pageSize) return told;
  }
}
