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
}

export const noLockout: LockoutRecord = { failures: 0, lockedAt: null, lockedUntil: null };

/** Locked: the lock is set and not yet over, or the counter has reached the limit (the lock is
 * being set by the request that reached it). */
export function isLocked(lockout: LockoutRecord, now: Date, maxFailures: number): boolean {
  if (lockout.lockedAt) return lockout.lockedUntil === null || lockout.lockedUntil.getTime() > now.getTime();
  return lockout.failures >= maxFailures;
}

/** When a lock taken now ends; null for "until an administrator unlocks" (lockSeconds 0). */
export const lockEndsAt = (now: Date, lockSeconds: number): Date | null =>
  lockSeconds === 0 ? null : new Date(now.getTime() + lockSeconds * 1000);
