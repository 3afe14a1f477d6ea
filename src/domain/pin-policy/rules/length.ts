// Length rule: minLength and maxLength, counted in Unicode code points (what a user sees as
// characters), not UTF-16 code units, so an emoji counts as one character.

import type { PinPolicy } from '../policy.ts';
import { violation, type PinViolation } from '../violations.ts';

/** Number of code points in `candidate` (a lone surrogate counts as one). */
export function pinLength(candidate: string): number {
  let n = 0;
  for (const _ of candidate) n++;
  return n;
}

/** `length.min` when shorter than minLength; `length.max` when longer than maxLength. */
export function checkLength(candidate: string, policy: PinPolicy): PinViolation[] {
  const length = pinLength(candidate);
  const out: PinViolation[] = [];
  if (length < policy.minLength) {
    out.push(violation('length.min', 'pin.too_short', { min: policy.minLength }));
  }
  if (length > policy.maxLength) {
    out.push(violation('length.max', 'pin.too_long', { max: policy.maxLength }));
  }
  return out;
}
