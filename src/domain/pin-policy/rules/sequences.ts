// Sequences rule (PINsafe "do not allow number sequences"): refuse a digits-only PIN whose digits
// all step by the same non-zero amount, up or down, without wrapping from 9 to 0.

import type { PinPolicy } from '../policy.ts';
import { violation, type PinViolation } from '../violations.ts';

const MIN_SEQUENCE_LENGTH = 3;

/**
 * True when the WHOLE candidate is made only of ASCII digits, has at least 3 of them, and every
 * digit differs from the previous one by the same non-zero step.
 * 1234, 2468, 7654, 1357, 13579, 12345678 are sequences; 1123, 8901 (no wrap-around), 91234
 * (only the whole PIN is tested) and 1111 (step 0; that is the repeats rule's job) are not.
 */
export function isDigitSequence(candidate: string): boolean {
  if (candidate.length < MIN_SEQUENCE_LENGTH) return false;
  const digits: number[] = [];
  for (let i = 0; i < candidate.length; i++) {
    const code = candidate.charCodeAt(i);
    if (code < 48 || code > 57) return false;
    digits.push(code - 48);
  }
  const first = digits[0] ?? 0;
  const step = (digits[1] ?? first) - first;
  if (step === 0) return false;
  for (let i = 1; i < digits.length; i++) {
    if ((digits[i] ?? 0) - (digits[i - 1] ?? 0) !== step) return false;
  }
  return true;
}

/** `sequence` when forbidSequences is on and the candidate is a digit sequence. */
export function checkSequences(candidate: string, policy: PinPolicy): PinViolation[] {
  if (!policy.forbidSequences || !isDigitSequence(candidate)) return [];
  return [violation('sequence', 'pin.sequence')];
}
