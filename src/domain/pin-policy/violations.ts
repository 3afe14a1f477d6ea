// What a broken PIN rule looks like, and the one English sentence shown for it. Violations carry
// only policy values (never the candidate PIN, never the username), so they are safe to log and render.

export type PinRuleId =
  | 'length.min'
  | 'length.max'
  | 'complexity.charset'
  | 'complexity.digit'
  | 'complexity.uppercase'
  | 'complexity.lowercase'
  | 'complexity.letter'
  | 'complexity.special'
  | 'repeats'
  | 'sequence'
  | 'common'
  | 'date'
  | 'banned'
  | 'history'
  | 'username';

/** One broken rule. `messageId` selects the user message; `params` fill it (policy values only). */
export interface PinViolation {
  readonly rule: PinRuleId;
  readonly messageId: string;
  readonly params: Readonly<Record<string, string | number>>;
}

/** The special characters accepted by the `complex` level. */
export const PIN_SPECIAL_CHARACTERS = '!@#$%&*?';

/** Builds a frozen violation (params are copied and frozen too). */
export function violation(
  rule: PinRuleId,
  messageId: string,
  params: Readonly<Record<string, string | number>> = {},
): PinViolation {
  return Object.freeze({ rule, messageId, params: Object.freeze({ ...params }) });
}

function numberParam(v: PinViolation, name: string): number | null {
  const value = v.params[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function allowedCharactersSentence(complexity: string | number | undefined): string {
  switch (complexity) {
    case 'numeric':
      return 'The PIN may contain only digits (0-9).';
    case 'alphanumeric':
    case 'strong':
      return 'The PIN may contain only letters (A-Z, a-z) and digits (0-9).';
    case 'complex':
      return `The PIN may contain only letters (A-Z, a-z), digits (0-9) and the special characters ${PIN_SPECIAL_CHARACTERS}.`;
    default:
      return 'The PIN contains characters that are not allowed.';
  }
}

/** The English sentence for one violation. Unknown message ids get a generic sentence. */
export function describeViolation(v: PinViolation): string {
  switch (v.messageId) {
    case 'pin.too_short': {
      const min = numberParam(v, 'min');
      return min === null
        ? 'The PIN is too short.'
        : `The PIN must be at least ${plural(min, 'character', 'characters')} long.`;
    }
    case 'pin.too_long': {
      const max = numberParam(v, 'max');
      return max === null
        ? 'The PIN is too long.'
        : `The PIN must be at most ${plural(max, 'character', 'characters')} long.`;
    }
    case 'pin.invalid_characters':
      return allowedCharactersSentence(v.params['complexity']);
    case 'pin.needs_digit':
      return 'The PIN must contain at least one digit (0-9).';
    case 'pin.needs_uppercase':
      return 'The PIN must contain at least one uppercase letter (A-Z).';
    case 'pin.needs_lowercase':
      return 'The PIN must contain at least one lowercase letter (a-z).';
    case 'pin.needs_letter':
      return 'The PIN must contain at least one letter (A-Z or a-z).';
    case 'pin.needs_special':
      return `The PIN must contain at least one of the special characters ${PIN_SPECIAL_CHARACTERS}.`;
    case 'pin.too_many_repeats': {
      const max = numberParam(v, 'max');
      if (max === 0) return 'The PIN must not repeat any character.';
      return max === null
        ? 'The PIN repeats characters too often.'
        : `The PIN may contain at most ${plural(max, 'repeated character', 'repeated characters')} in total.`;
    }
    case 'pin.sequence':
      return 'The PIN must not be a sequence of digits such as 1234, 2468 or 7654.';
    case 'pin.common':
      return 'This PIN is one of the most commonly used PINs, which are guessed first; please choose another one.';
    case 'pin.date':
      return 'The PIN must not be a date or a year (such as 1987, 2512 or 25121987): they are easy to guess.';
    case 'pin.banned':
      return 'This PIN is too common or easy to guess; please choose another one.';
    case 'pin.contains_username':
      return 'The PIN must not contain your username.';
    case 'pin.reused': {
      const count = numberParam(v, 'count');
      if (count === 1) return 'The PIN must not be the same as your previous PIN.';
      return count === null
        ? 'The PIN must not be one of your previous PINs.'
        : `The PIN must not be one of your last ${count} PINs.`;
    }
    default:
      return 'The PIN does not meet the PIN policy.';
  }
}
