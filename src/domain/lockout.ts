// Account lockout after consecutive failures. The counter lives in the account document and is
// changed only by atomic conditional updates (see storage/mongo/account-store.ts); this module
// says what the stored values mean.

export interface LockoutRecord {
  /** Consecutive failures since the last success or unlock. */
  readonly failures: number;
  /** When the account was locked; null when it is not. */
  readonly lockedAt: Date | null;
  /** When the lock ends by itself; null with lockedAt set means "until an administrator unlocks". */
  readonly lockedUntil: Date | null;
  /** When the last failure was counted (written with the count, in the same update). */
  readonly lastFailureAt?: Date | null;
}

export interface LockoutLimits {
  readonly maxFailures: number;
  /** How long a lock lasts; 0: until an administrator unlocks. */
  readonly lockSeconds: number;
}

export const noLockout: LockoutRecord = { failures: 0, lockedAt: null, lockedUntil: null, lastFailureAt: null };

/** When a lock taken now ends; null for "until an administrator unlocks" (lockSeconds 0). */
export const lockEndsAt = (now: Date, lockSeconds: number): Date | null =>
  lockSeconds === 0 ? null : new Date(now.getTime() + lockSeconds * 1000);

/**
 * The lock the stored values mean, if any. A lock that was set has its own times. A count at or
 * above the limit with no lock set (the request that reached it failed before setting it, or
 * the limit was lowered since) is a lock from the failure that reached it: it ends by itself
 * after lockSeconds like any other, so no account is ever locked for ever by accident.
 */
export function lockWindow(lockout: LockoutRecord, limits: LockoutLimits): { readonly since: Date; readonly until: Date | null } | null {
  if (lockout.lockedAt) return { since: lockout.lockedAt, until: lockout.lockedUntil };
  if (lockout.failures < limits.maxFailures) return null;
  const since = lockout.lastFailureAt ?? new Date(0);
  return { since, until: lockEndsAt(since, limits.lockSeconds) };
}

export function isLocked(lockout: LockoutRecord, now: Date, limits: LockoutLimits): boolean {
  const window = lockWindow(lockout, limits);
  return window !== null && (window.until === null || window.until.getTime() > now.getTime());
}
