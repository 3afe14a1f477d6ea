// How an account's PIN state moves (after the server-PIN state model of OneSpan, seed 002):
// NOT_SET -> SET when the user sets one; SET -> CHANGE_FORCED on an administrator's or group's
// forced change, or on expiry; CHANGE_FORCED -> SET when the user changes it; any -> NOT_SET (or
// CHANGE_FORCED with a random PIN) on an administrator's reset. Pure.
import { DomainError } from './errors.ts';
import { pinExpiryStatus, type PinPolicy } from './pin-policy/index.ts';
import type { PinState } from './signin/events.ts';

export interface PinRecord {
  readonly hash: string | null;
  readonly state: PinState;
  readonly changedAt: Date | null;
  /** Hashes of earlier PINs, newest first. */
  readonly history: readonly string[];
  /** Set when an administrator unlocked an account locked by PIN expiry. */
  readonly graceUntil: Date | null;
  /** The changedAt of the PIN whose coming expiry was announced by email (once per PIN). */
  readonly expiryWarnedFor?: Date | null;
}

/** What a sign-in must do about the PIN before it may complete. */
export type PinDemand =
  | { readonly kind: 'none' }
  | { readonly kind: 'set' } // no PIN: prove possession with a tokencode, then set one
  | { readonly kind: 'change'; readonly reason: 'forced' | 'expired' }
  | { readonly kind: 'expired-lock' } // expiry action "lock": the PIN no longer signs in
  | { readonly kind: 'expired-send-random' }; // expiry action "send-random"

export function pinDemand(pin: PinRecord, policy: PinPolicy, now: Date): PinDemand {
  if (pin.state === 'NOT_SET' || pin.hash === null) return { kind: 'set' };
  if (pin.state === 'CHANGE_FORCED') return { kind: 'change', reason: 'forced' };
  if (!pin.changedAt) return { kind: 'none' };
  const expiry = pinExpiryStatus(pin.changedAt, now, policy, pin.graceUntil);
  if (expiry.kind === 'grace') return { kind: 'change', reason: 'expired' };
  if (expiry.kind !== 'expired') return { kind: 'none' };
  switch (expiry.action) {
    case 'force-change':
      return { kind: 'change', reason: 'expired' };
    case 'lock':
      return { kind: 'expired-lock' };
    case 'send-random':
      return { kind: 'expired-send-random' };
  }
}

/** The state of a PIN an operator sets: it must be changed at first use when the policy says
 * so; the operator may waive that only when the policy does not lock the rule. */
export function stateOfOperatorPin(policy: PinPolicy, waiveChangeOnFirstUse: boolean): PinState {
  if (!policy.changeOnFirstUse) return 'SET';
  if (!waiveChangeOnFirstUse) return 'CHANGE_FORCED';
  if (policy.changeOnFirstUseLocked) {
    throw new DomainError('forbidden', 'the PIN policy requires a change on first use and does not let an operator waive it');
  }
  return 'SET';
}

/** The hashes of the last `count` PINs, the current one first: a new PIN must match none of
 * them, and after a change they become the history. */
export function recentPinHashes(pin: PinRecord, count: number): string[] {
  if (count === 0) return [];
  return [...(pin.hash ? [pin.hash] : []), ...pin.history].slice(0, count);
}
