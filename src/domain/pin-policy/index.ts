// Public API of the PIN policy domain: import from here, not from the individual files, so the
// rules can be reorganised without touching callers.

export type { PinComplexity, PinExpiryAction, PinPolicy, RandomPinDelivery } from './policy.ts';
export type { PinRuleId, PinViolation } from './violations.ts';
export { describeViolation, PIN_SPECIAL_CHARACTERS } from './violations.ts';
export type { PinPolicyContext, PinPolicyResult } from './evaluate.ts';
export { checkPinRules, evaluatePinPolicy } from './evaluate.ts';
export type { PinExpiryStatus } from './expiry.ts';
export { graceUntilAfterUnlock, pinExpiryStatus } from './expiry.ts';
export { generateRandomPin, MAX_GENERATION_ATTEMPTS } from './random-pin.ts';
export { PinPolicyUnsatisfiableError } from './errors.ts';
export { describePinPolicy, describePinPolicyRules } from './describe.ts';
export { effectivePinPolicy } from './effective-policy.ts';
export { checkLength, pinLength } from './rules/length.ts';
export { checkComplexity, hasOnlyAllowedCharacters } from './rules/complexity.ts';
export { checkRepeats, repeatCount } from './rules/repeats.ts';
export { checkSequences, isDigitSequence } from './rules/sequences.ts';
export { checkCommon, isCommonPin } from './rules/common.ts';
export { checkDates, isDateLikePin } from './rules/dates.ts';
export { COMMON_PIN_LIST } from './common-pins.ts';
export { checkBanned, matchesBannedPattern } from './rules/banned.ts';
export { checkUsername, containsUsername } from './rules/username.ts';
