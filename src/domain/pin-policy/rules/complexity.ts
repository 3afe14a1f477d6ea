// Complexity rule: the level decides which characters are allowed at all (anything else is a
// `complexity.charset` violation) and which classes must appear at least once.

import type { PinPolicy } from '../policy.ts';
import { violation, type PinRuleId, type PinViolation } from '../violations.ts';
import {
  allowedCharacters,
  codePoints,
  inClass,
  requiredClasses,
  type PinCharacterClass,
} from '../charset.ts';

const REQUIREMENT: Readonly<Record<PinCharacterClass, { rule: PinRuleId; messageId: string }>> = {
  digit: { rule: 'complexity.digit', messageId: 'pin.needs_digit' },
  uppercase: { rule: 'complexity.uppercase', messageId: 'pin.needs_uppercase' },
  lowercase: { rule: 'complexity.lowercase', messageId: 'pin.needs_lowercase' },
  letter: { rule: 'complexity.letter', messageId: 'pin.needs_letter' },
  special: { rule: 'complexity.special', messageId: 'pin.needs_special' },
};

/** True when every character of `candidate` is allowed by the level. */
export function hasOnlyAllowedCharacters(candidate: string, policy: PinPolicy): boolean {
  const allowed = allowedCharacters(policy.complexity);
  return codePoints(candidate).every((ch) => ch.length === 1 && allowed.includes(ch));
}

/**
 * At most one `complexity.charset` violation (whatever the number of bad characters), then one
 * violation per required class that is missing, in the order digit, uppercase, lowercase,
 * letter, special.
 */
export function checkComplexity(candidate: string, policy: PinPolicy): PinViolation[] {
  const out: PinViolation[] = [];
  if (!hasOnlyAllowedCharacters(candidate, policy)) {
    out.push(violation('complexity.charset', 'pin.invalid_characters', { complexity: policy.complexity }));
  }
  const chars = codePoints(candidate);
  for (const cls of requiredClasses(policy.complexity)) {
    if (!chars.some((ch) => inClass(ch, cls))) {
      const { rule, messageId } = REQUIREMENT[cls];
      out.push(violation(rule, messageId));
    }
  }
  return out;
}
