// The PIN policy as a short list for the New PIN form, and refused-PIN reasons, as catalogue
// message ids with their values: the page translates them. History is mentioned only to someone
// who has had a PIN (a first PIN cannot repeat one).
import { PIN_SPECIAL_CHARACTERS, type PinPolicy, type PinViolation } from '../domain/pin-policy/index.ts';

export interface MessageLine {
  readonly id: string;
  readonly values: Readonly<Record<string, string | number>>;
}

/** Up to this many banned PINs (or patterns) are listed on the form. */
const BANNED_SHOWN = 12;

const line = (id: string, values: Record<string, string | number> = {}): MessageLine => ({ id, values });

export function policyLines(policy: PinPolicy, hadPin: boolean): MessageLine[] {
  const numeric = policy.complexity === 'numeric';
  const lines: MessageLine[] = [
    policy.minLength === policy.maxLength
      ? line(numeric ? 'policy.length_exact' : 'policy.length_exact_chars', { count: policy.minLength })
      : line(numeric ? 'policy.length_range' : 'policy.length_range_chars', { min: policy.minLength, max: policy.maxLength }),
  ];
  switch (policy.complexity) {
    case 'alphanumeric':
      lines.push(line('policy.allowed_alphanumeric'), line('policy.needs_digit_uppercase'));
      break;
    case 'strong':
      lines.push(line('policy.allowed_alphanumeric'), line('policy.needs_digit_upper_lower'));
      break;
    case 'complex':
      lines.push(line('policy.allowed_complex', { special: PIN_SPECIAL_CHARACTERS }), line('policy.needs_digit_letter_special', { special: PIN_SPECIAL_CHARACTERS }));
      break;
    case 'numeric':
      break;
  }
  if (policy.maxRepeatedDigits === 0) lines.push(line('policy.no_repeats'));
  else if (policy.maxRepeatedDigits !== null) lines.push(line('policy.max_repeats', { max: policy.maxRepeatedDigits }));
  if (policy.forbidSequences) lines.push(line('policy.no_sequences'));
  if (policy.forbidCommonPins) lines.push(line('policy.no_common'));
  if (policy.forbidDatePins) lines.push(line('policy.no_dates'));
  // A short list is shown as it is: "some PINs are banned" would hide that 19?? bans every year.
  if (policy.bannedPins.length > 0 && policy.bannedPins.length <= BANNED_SHOWN) {
    lines.push(line('policy.banned_list', { list: policy.bannedPins.join(', '), wildcard: policy.bannedPins.some((p) => p.includes('?')) ? 'yes' : 'no' }));
  } else if (policy.bannedPins.length > 0) lines.push(line('policy.no_banned'));
  if (policy.historyCount > 0 && hadPin) lines.push(line('policy.not_recent', { count: policy.historyCount }));
  if (policy.forbidUsername) lines.push(line('policy.no_username'));
  return lines;
}

const KNOWN_VIOLATIONS = new Set([
  'pin.too_short', 'pin.too_long', 'pin.invalid_characters', 'pin.needs_digit', 'pin.needs_uppercase', 'pin.needs_lowercase',
  'pin.needs_letter', 'pin.needs_special', 'pin.too_many_repeats', 'pin.sequence', 'pin.common', 'pin.date', 'pin.banned',
  'pin.contains_username', 'pin.reused',
]);

export function violationLine(v: PinViolation): MessageLine {
  if (!KNOWN_VIOLATIONS.has(v.messageId)) return line('violation.other');
  return line(`violation.${v.messageId}`, { ...v.params, special: PIN_SPECIAL_CHARACTERS });
}
