// Generates a random PIN that passes every synchronous rule of a policy (used for "force random
// PINs", operator-requested PINs and "send a new random PIN" on expiry). Randomness is injected.

import type { PinPolicy } from './policy.ts';
import { allowedCharacters, requiredClasses } from './charset.ts';
import { checkPinRules } from './evaluate.ts';
import { PinPolicyUnsatisfiableError } from './errors.ts';

/** How many candidates are drawn before the policy is declared unsatisfiable. */
export const MAX_GENERATION_ATTEMPTS = 10_000;

function draw(randomInt: (maxExclusive: number) => number, maxExclusive: number): number {
  const n = randomInt(maxExclusive);
  if (!Number.isInteger(n) || n < 0 || n >= maxExclusive) {
    throw new RangeError(`randomInt(${maxExclusive}) returned a value outside [0, ${maxExclusive})`);
  }
  return n;
}

/** Throws when no PIN of generatedLength can exist, without spending attempts on it. */
function assertPossible(policy: PinPolicy, alphabetSize: number): void {
  const length = policy.generatedLength;
  if (!Number.isInteger(length) || length < 1) {
    throw new PinPolicyUnsatisfiableError(`The generated PIN length ${length} is not a positive integer.`);
  }
  if (length < policy.minLength || length > policy.maxLength) {
    throw new PinPolicyUnsatisfiableError(
      `The generated PIN length ${length} is outside ${policy.minLength}-${policy.maxLength}.`,
    );
  }
  if (requiredClasses(policy.complexity).length > length) {
    throw new PinPolicyUnsatisfiableError(`A ${policy.complexity} PIN needs more than ${length} characters.`);
  }
  const max = policy.maxRepeatedDigits;
  // A PIN of `length` characters from `alphabetSize` symbols repeats at least length - alphabetSize times.
  if (max !== null && (max < 0 || length - alphabetSize > max)) {
    throw new PinPolicyUnsatisfiableError(
      `A ${length}-character ${policy.complexity} PIN cannot have at most ${max} repeated characters.`,
    );
  }
}

/**
 * One candidate: each position is drawn uniformly from the level's alphabet, except that once the
 * repeat budget (maxRepeatedDigits) is spent, only characters not used yet are eligible. This keeps
 * long no-repeat PINs (e.g. 10 distinct digits) reachable in one draw instead of 1 in 2,755.
 */
function drawCandidate(policy: PinPolicy, alphabet: readonly string[], randomInt: (n: number) => number): string {
  const used = new Set<string>();
  let repeats = 0;
  let pin = '';
  for (let i = 0; i < policy.generatedLength; i++) {
    const budgetSpent = policy.maxRepeatedDigits !== null && repeats >= policy.maxRepeatedDigits;
    const eligible = budgetSpent ? alphabet.filter((ch) => !used.has(ch)) : alphabet;
    const ch = eligible[draw(randomInt, eligible.length)] ?? '';
    if (used.has(ch)) repeats++;
    used.add(ch);
    pin += ch;
  }
  return pin;
}

/**
 * A PIN of exactly `generatedLength` characters from the level's allowed set that passes length,
 * complexity, repeats, sequences, banned and username (when `username` is given). History is not
 * checked: the caller evaluates the PIN with evaluatePinPolicy and regenerates on a history match.
 * Candidates that break a rule are rejected and redrawn (required classes are obtained by
 * rejection, so no position is biased toward a class).
 *
 * @param randomInt must return a uniformly random integer in [0, maxExclusive) (e.g. crypto.randomInt).
 * @throws PinPolicyUnsatisfiableError when the policy cannot be met, either provably up front or
 *   after MAX_GENERATION_ATTEMPTS rejected candidates.
 * @throws RangeError when randomInt returns a value out of range.
 */
export function generateRandomPin(
  policy: PinPolicy,
  randomInt: (maxExclusive: number) => number,
  username?: string,
): string {
  const alphabet = Array.from(allowedCharacters(policy.complexity));
  assertPossible(policy, alphabet.length);
  for (let attempt = 0; attempt < MAX_GENERATION_ATTEMPTS; attempt++) {
    const pin = drawCandidate(policy, alphabet, randomInt);
    if (checkPinRules(pin, policy, username ?? '').length === 0) return pin;
  }
  throw new PinPolicyUnsatisfiableError(
    `No PIN meeting the policy was found in ${MAX_GENERATION_ATTEMPTS} attempts; check the banned PINs and length.`,
  );
}
