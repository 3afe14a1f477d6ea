// Shared test policy: a permissive numeric 4-8 policy with every optional rule off, so each test
// switches on exactly the rule it exercises with policyWith({...}).

import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { PinPolicy, PinRuleId, PinViolation } from '../../../src/domain/pin-policy/index.ts';
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

/** A rule that refuses a candidate with one violation or lets it pass, switched by one option. */
export interface SwitchedRule {
  readonly option: 'forbidSequences' | 'forbidCommonPins' | 'forbidDatePins';
  readonly rule: PinRuleId;
  readonly messageId: string;
  /** The rule's predicate, e.g. isDigitSequence. */
  readonly matches: (candidate: string) => boolean;
  readonly check: (candidate: string, policy: PinPolicy) => PinViolation[];
}

/**
 * One test per case (the predicate and the check with the option on agree with `refused`), then
 * the message id of a refusal and the option's off switch, both on `refusedExample`.
 */
export function testSwitchedRule(
  r: SwitchedRule,
  cases: ReadonlyArray<readonly [candidate: string, refused: boolean, why: string]>,
  refusedExample: string,
): void {
  const on = policyWith({ [r.option]: true });
  for (const [candidate, refused, why] of cases) {
    it(`${JSON.stringify(candidate)} ${refused ? 'fails' : 'passes'} (${why})`, () => {
      assert.equal(r.matches(candidate), refused);
      assert.deepEqual(r.check(candidate, on).map((v) => v.rule), refused ? [r.rule] : []);
    });
  }
  it('reports the documented message id', () => {
    assert.deepEqual(r.check(refusedExample, on), [{ rule: r.rule, messageId: r.messageId, params: {} }]);
  });
  it(`is off unless ${r.option} is set`, () => {
    assert.deepEqual(r.check(refusedExample, policyWith({ [r.option]: false })), []);
  });
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
