// Tells the user what a valid PIN looks like BEFORE they type one (the New PIN form), as one
// sentence or as one line per active rule. Mirrors the rules in rules/ exactly.

import type { PinComplexity, PinPolicy } from './policy.ts';
import { PIN_SPECIAL_CHARACTERS } from './violations.ts';

function unit(complexity: PinComplexity): string {
  switch (complexity) {
    case 'numeric':
      return 'digits';
    case 'alphanumeric':
    case 'strong':
      return 'letters and digits';
    case 'complex':
      return 'characters';
  }
}

function lengthPhrase(policy: PinPolicy): string {
  const range =
    policy.minLength === policy.maxLength
      ? `exactly ${policy.minLength}`
      : `${policy.minLength} to ${policy.maxLength}`;
  return `${range} ${unit(policy.complexity)}`;
}

/** "" for numeric; otherwise what must appear at least once. */
function requirementPhrase(complexity: PinComplexity): string {
  switch (complexity) {
    case 'numeric':
      return '';
    case 'alphanumeric':
      return 'at least one digit and one uppercase letter';
    case 'strong':
      return 'at least one digit, one uppercase and one lowercase letter';
    case 'complex':
      return `at least one digit, one letter and one of ${PIN_SPECIAL_CHARACTERS}`;
  }
}

function repeatsPhrase(policy: PinPolicy): string | null {
  const max = policy.maxRepeatedDigits;
  if (max === null) return null;
  const what = policy.complexity === 'numeric' ? 'digit' : 'character';
  if (max === 0) return `no repeated ${what}s`;
  return `at most ${max} repeated ${what}${max === 1 ? '' : 's'}`;
}

/** The operator's own list; "other" when the bundled list of common PINs is described too. */
function bannedPhrase(policy: PinPolicy): string {
  return policy.forbidCommonPins ? 'some other PINs are not allowed' : 'some common PINs are not allowed';
}

function historyPhrase(count: number): string {
  return count === 1 ? 'not your previous PIN' : `not one of your last ${count} PINs`;
}

/** The phrases of the active rules, in rule order, lower-case, without final punctuation. */
function phrases(policy: PinPolicy): string[] {
  const out: string[] = [];
  const requirement = requirementPhrase(policy.complexity);
  out.push(requirement === '' ? lengthPhrase(policy) : `${lengthPhrase(policy)} with ${requirement}`);
  const repeats = repeatsPhrase(policy);
  if (repeats !== null) out.push(repeats);
  if (policy.forbidSequences) out.push('no sequences such as 1234');
  if (policy.forbidCommonPins) out.push('no common PINs such as 147258');
  if (policy.forbidDatePins) out.push('no dates or years such as 1987 or 250490');
  if (policy.bannedPins.length > 0) out.push(bannedPhrase(policy));
  if (policy.historyCount > 0) out.push(historyPhrase(policy.historyCount));
  if (policy.forbidUsername) out.push('must not contain your username');
  return out;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * One sentence for the New PIN form, e.g. for numeric 4-8, no repeats, no sequences:
 * "4 to 8 digits, no repeated digits, no sequences such as 1234."
 */
export function describePinPolicy(policy: PinPolicy): string {
  return `${capitalize(phrases(policy).join(', '))}.`;
}

/** One sentence per active rule, for a bulleted list (length and characters first). */
export function describePinPolicyRules(policy: PinPolicy): string[] {
  const lines: string[] = [`${capitalize(lengthPhrase(policy))}.`];
  if (policy.complexity === 'complex') {
    lines.push(`Allowed: letters A-Z and a-z, digits 0-9 and the special characters ${PIN_SPECIAL_CHARACTERS}.`);
  }
  const requirement = requirementPhrase(policy.complexity);
  if (requirement !== '') lines.push(`${capitalize(requirement)}.`);
  const repeats = repeatsPhrase(policy);
  if (repeats !== null) {
    lines.push(`${capitalize(repeats)}${policy.maxRepeatedDigits === 0 ? '' : ' in total'}.`);
  }
  if (policy.forbidSequences) lines.push('No sequences of digits such as 1234, 2468 or 7654.');
  if (policy.forbidCommonPins) lines.push('No commonly used PINs such as 147258, 159753 or 123123.');
  if (policy.forbidDatePins) lines.push('No dates or years such as 1987, 2512 or 25121987.');
  if (policy.bannedPins.length > 0) lines.push(`${capitalize(bannedPhrase(policy))}.`);
  if (policy.historyCount > 0) lines.push(`${capitalize(historyPhrase(policy.historyCount))}.`);
  if (policy.forbidUsername) lines.push('Must not contain your username.');
  return lines;
}
