// Shared test policy: a permissive numeric 4-8 policy with every optional rule off, so each test
// switches on exactly the rule it exercises with policyWith({...}).

import type { PinPolicy } from '../../../src/domain/pin-policy/index.ts';
import type { PinPolicyContext } from '../../../src/domain/pin-policy/index.ts';

export const basePolicy: PinPolicy = Object.freeze({
  minLength: 4,
  maxLength: 8,
  generatedLength: 6,
  complexity: 'numeric',
  maxRepeatedDigits: null,
  forbidSequences: false,
  forbidCommonPins: false,
  forbidDatePins: false,
  bannedPins: Object.freeze([]),
  historyCount: 0,
  forbidUsername: false,
  expiryDays: 30,
  expiryAction: 'force-change',
  expiryWarningDays: 7,
  graceDaysAfterUnlock: 3,
  changeOnFirstUse: true,
  changeOnFirstUseLocked: false,
  forceRandomPins: false,
  randomPinDelivery: 'screen',
});

export function policyWith(overrides: Partial<PinPolicy>): PinPolicy {
  return Object.freeze({ ...basePolicy, ...overrides });
}

/** A context whose history never matches and that records every history lookup. */
export function contextWith(
  overrides: Partial<PinPolicyContext> = {},
): PinPolicyContext & { readonly historyCalls: string[] } {
  const historyCalls: string[] = [];
  return {
    username: 'alice',
    now: new Date('2025-01-01T00:00:00Z'),
    matchesHistory: async (candidate: string) => {
      historyCalls.push(candidate);
      return false;
    },
    ...overrides,
    historyCalls,
  };
}

/** A deterministic randomInt (mulberry32) for generator tests; not for production use. */
export function seededRandomInt(seed: number): (maxExclusive: number) => number {
  let state = seed >>> 0;
  return (maxExclusive: number) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return Math.floor(unit * maxExclusive);
  };
}
