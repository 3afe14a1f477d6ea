// Repeats rule (PINsafe "maximum repeated digits"): the sum over each distinct character of
// (occurrences - 1) may not exceed maxRepeatedDigits. null switches the rule off.

import type { PinPolicy } from '../policy.ts';
import { codePoints } from '../charset.ts';
import { violation, type PinViolation } from '../violations.ts';

/**
 * The repeat count of a PIN: its length minus its number of distinct characters.
 * Every character counts, not only digits, and the count is case-sensitive ('a' and 'A' are
 * different characters). Examples: 7204 -> 0, 6260 -> 1, 7202 -> 1, 3833 -> 2, 1122 -> 2.
 */
export function repeatCount(candidate: string): number {
  const counts = new Map<string, number>();
  for (const ch of codePoints(candidate)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let total = 0;
  for (const occurrences of counts.values()) total += occurrences - 1;
  return total;
}

/** `repeats` when repeatCount(candidate) > maxRepeatedDigits. */
export function checkRepeats(candidate: string, policy: PinPolicy): PinViolation[] {
  const max = policy.maxRepeatedDigits;
  if (max === null) return [];
  if (repeatCount(candidate) <= max) return [];
  return [violation('repeats', 'pin.too_many_repeats', { max })];
}
