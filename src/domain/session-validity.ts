// When a session, or a token it led to, no longer stands for the account: the account's state
// is checked at every use, not only at sign-in. Pure: the account, when the session began (or
// the token was issued), and the time are passed in.
import { isLocked, type LockoutLimits } from './lockout.ts';
import { pinDemand } from './pin-lifecycle.ts';
import type { PinPolicy } from './pin-policy/index.ts';

export type SignInAgainReason = 'account_disabled' | 'account_locked' | 'sessions_ended' | 'pin_change_required';

export interface SessionAccount {
  readonly status: 'ACTIVE' | 'DISABLED';
  readonly lockout: Parameters<typeof isLocked>[0];
  readonly pin: Parameters<typeof pinDemand>[0];
  readonly sessionsValidFrom?: Date | null;
}

export interface SessionUse {
  /** When the session began, or the token was issued (second precision, as in tokens). */
  readonly startedAt: Date;
  /** An authorization request reusing the session: the user is there to go through the pages,
   * so a PIN that must be set or changed sends them there too. A token use (refresh, userinfo)
   * stops only for what makes the account unusable. */
  readonly interactive: boolean;
}

export function whySignInAgain(account: SessionAccount, use: SessionUse, now: Date, policy: PinPolicy, lockout: LockoutLimits): SignInAgainReason | null {
  if (account.status !== 'ACTIVE') return 'account_disabled';
  if (isLocked(account.lockout, now, lockout)) return 'account_locked';
  // Times in tokens and sessions are whole seconds: a session begun in the second its account's
  // sessions were ended (the sign-in that changed the PIN) still stands.
  if (account.sessionsValidFrom && Math.floor(use.startedAt.getTime() / 1000) < Math.floor(account.sessionsValidFrom.getTime() / 1000)) {
    return 'sessions_ended';
  }
  if (use.interactive && pinDemand(account.pin, policy, now).kind !== 'none') return 'pin_change_required';
  return null;
}

/** How long a sign-in session may last: idle (unused) and in all (from its sign-in). */
export interface SessionLifetime {
  readonly idleTimeoutSeconds: number;
  readonly maxLifetimeSeconds: number;
}

/**
 * The lifetime to give a session record each time it is saved (every use saves it): the idle
 * timeout, but never past the absolute end of the session. The record then expires by itself,
 * so neither limit needs a sweep or a check on read. At least one second (a positive TTL).
 */
export function sessionRecordSeconds(signedInAt: number | undefined, nowSeconds: number, lifetime: SessionLifetime): number {
  const untilAbsoluteEnd = signedInAt === undefined ? lifetime.maxLifetimeSeconds : signedInAt + lifetime.maxLifetimeSeconds - nowSeconds;
  return Math.max(1, Math.min(lifetime.idleTimeoutSeconds, untilAbsoluteEnd));
}
