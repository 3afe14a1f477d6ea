// PIN expiry: when a PIN expires, whether the user should be warned, what happens once it has
// expired, and the grace period given after an administrator unlocks an expired account.

import type { PinExpiryAction, PinPolicy } from './policy.ts';

export type PinExpiryStatus =
  | { readonly kind: 'never' }
  | { readonly kind: 'valid'; readonly expiresAt: Date }
  | { readonly kind: 'expiring-soon'; readonly expiresAt: Date; readonly daysLeft: number }
  | { readonly kind: 'expired'; readonly expiresAt: Date; readonly action: PinExpiryAction }
  | { readonly kind: 'grace'; readonly graceUntil: Date };

/** A day is a fixed 24 hours (instants, not calendar days: no time zone, no DST shift). */
export const MS_PER_DAY = 24 * 60 * 60 * 1000;

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * MS_PER_DAY);
}

/**
 * - expiryDays 0 (or less): 'never'.
 * - expiresAt = pinChangedAt + expiryDays days; the PIN is expired from expiresAt on (now >= expiresAt).
 * - expired, but `graceUntil` is given and now < graceUntil: 'grace' (the user may still sign in
 *   and must change the PIN); otherwise 'expired' with the policy's expiryAction.
 * - not expired and now >= expiresAt - expiryWarningDays days (warning days > 0): 'expiring-soon',
 *   daysLeft = whole days left rounded up (1 when less than a day is left).
 * - otherwise 'valid'.
 * Invalid dates (NaN) for pinChangedAt or now fail closed: 'expired' (or 'grace' if a valid grace applies).
 */
export function pinExpiryStatus(
  pinChangedAt: Date,
  now: Date,
  policy: PinPolicy,
  graceUntil?: Date | null,
): PinExpiryStatus {
  if (!(policy.expiryDays > 0)) return { kind: 'never' };
  const expiresAt = addDays(pinChangedAt, policy.expiryDays);
  const nowMs = now.getTime();
  const expiresMs = expiresAt.getTime();
  const expired = Number.isNaN(nowMs) || Number.isNaN(expiresMs) || nowMs >= expiresMs;
  if (expired) {
    if (graceUntil != null && nowMs < graceUntil.getTime()) {
      return { kind: 'grace', graceUntil: new Date(graceUntil.getTime()) };
    }
    return { kind: 'expired', expiresAt, action: policy.expiryAction };
  }
  const warnFromMs = expiresMs - policy.expiryWarningDays * MS_PER_DAY;
  if (policy.expiryWarningDays > 0 && nowMs >= warnFromMs) {
    return { kind: 'expiring-soon', expiresAt, daysLeft: Math.ceil((expiresMs - nowMs) / MS_PER_DAY) };
  }
  return { kind: 'valid', expiresAt };
}

/**
 * The end of the grace period that starts when an administrator unlocks an account locked by PIN
 * expiry: unlockedAt + graceDaysAfterUnlock days, or null when graceDaysAfterUnlock is 0.
 */
export function graceUntilAfterUnlock(unlockedAt: Date, policy: PinPolicy): Date | null {
  if (!(policy.graceDaysAfterUnlock > 0)) return null;
  return addDays(unlockedAt, policy.graceDaysAfterUnlock);
}
