// Checks a candidate PIN against a policy and returns EVERY broken rule in a stable order, so the
// New PIN form can list all reasons at once. The only I/O (history) is an injected port.

import type { PinPolicy } from './policy.ts';
import type { PinViolation } from './violations.ts';
import { checkLength } from './rules/length.ts';
import { checkComplexity } from './rules/complexity.ts';
import { checkRepeats } from './rules/repeats.ts';
import { checkSequences } from './rules/sequences.ts';
import { checkCommon } from './rules/common.ts';
import { checkDates } from './rules/dates.ts';
import { checkBanned } from './rules/banned.ts';
import { checkUsername } from './rules/username.ts';
import { violation } from './violations.ts';

export interface PinPolicyContext {
  readonly username: string;
  readonly now: Date;
  /** true when candidate equals one of the account's last `historyCount` PINs (the caller checks the stored hashes). */
  readonly matchesHistory: (candidate: string) => Promise<boolean>;
}

export type PinPolicyResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly violations: readonly PinViolation[] };

const OK: PinPolicyResult = Object.freeze({ ok: true });

/**
 * The synchronous rules, in report order: length, complexity, repeats, sequence, common, date,
 * banned, username. Pure and total: never throws for any string.
 */
export function checkPinRules(candidate: string, policy: PinPolicy, username: string): PinViolation[] {
  return [
    ...checkLength(candidate, policy),
    ...checkComplexity(candidate, policy),
    ...checkRepeats(candidate, policy),
    ...checkSequences(candidate, policy),
    ...checkCommon(candidate, policy),
    ...checkDates(candidate, policy),
    ...checkBanned(candidate, policy),
    ...checkUsername(candidate, policy, username),
  ];
}

/**
 * Every violated rule, in the order length, complexity, repeats, sequence, common, date, banned,
 * username, history. History is consulted (one call to `matchesHistory`) only when historyCount > 0 and the
 * candidate has a valid length and only allowed characters, so garbage is never hashed.
 *
 * Never throws for any string. If `matchesHistory` rejects, the returned promise rejects with the
 * same reason: a failing history store is an infrastructure error, not a policy verdict, and must
 * not be turned into "PIN accepted" or "PIN refused".
 */
export async function evaluatePinPolicy(
  candidate: string,
  context: PinPolicyContext,
  policy: PinPolicy,
): Promise<PinPolicyResult> {
  const violations = checkPinRules(candidate, policy, context.username);
  const shapeIsValid = !violations.some(
    (v) => v.rule === 'length.min' || v.rule === 'length.max' || v.rule === 'complexity.charset',
  );
  if (policy.historyCount > 0 && shapeIsValid && (await context.matchesHistory(candidate))) {
    violations.push(violation('history', 'pin.reused', { count: policy.historyCount }));
  }
  return violations.length === 0 ? OK : Object.freeze({ ok: false, violations: Object.freeze(violations) });
}
