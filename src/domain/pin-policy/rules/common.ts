// Common PINs rule: when forbidCommonPins is on, refuse the PINs of the bundled list of the most
// commonly chosen PINs (common-pins.ts), matched against the whole PIN.

import type { PinPolicy } from '../policy.ts';
import { COMMON_PINS } from '../common-pins.ts';
import { violation, type PinViolation } from '../violations.ts';

/** True when the whole candidate is one of the bundled common PINs (147258 yes, 1472580 no). */
export function isCommonPin(candidate: string): boolean {
  return COMMON_PINS.has(candidate);
}

/** `common` when forbidCommonPins is on and the candidate is a common PIN. */
export function checkCommon(candidate: string, policy: PinPolicy): PinViolation[] {
  if (!policy.forbidCommonPins || !isCommonPin(candidate)) return [];
  return [violation('common', 'pin.common')];
}
