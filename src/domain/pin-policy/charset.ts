// The character classes behind the complexity levels, shared by the complexity rule and the
// random PIN generator so that both always agree on what a level allows and requires.

import type { PinComplexity } from './policy.ts';
import { PIN_SPECIAL_CHARACTERS } from './violations.ts';

export const DIGITS = '0123456789';
export const UPPERCASE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWERCASE = 'abcdefghijklmnopqrstuvwxyz';
export const SPECIALS = PIN_SPECIAL_CHARACTERS;

/** A character class a level may require at least one of. */
export type PinCharacterClass = 'digit' | 'uppercase' | 'lowercase' | 'letter' | 'special';

/** Every character a level accepts, in a fixed order (the generator indexes into it). */
export function allowedCharacters(complexity: PinComplexity): string {
  switch (complexity) {
    case 'numeric':
      return DIGITS;
    case 'alphanumeric':
    case 'strong':
      return DIGITS + UPPERCASE + LOWERCASE;
    case 'complex':
      return DIGITS + UPPERCASE + LOWERCASE + SPECIALS;
  }
}

/** The classes a level requires, in the order their violations are reported. */
export function requiredClasses(complexity: PinComplexity): readonly PinCharacterClass[] {
  switch (complexity) {
    case 'numeric':
      return [];
    case 'alphanumeric':
      return ['digit', 'uppercase'];
    case 'strong':
      return ['digit', 'uppercase', 'lowercase'];
    case 'complex':
      return ['digit', 'letter', 'special'];
  }
}

/** True when `ch` (one code point) belongs to `cls`. ASCII only, by design. */
export function inClass(ch: string, cls: PinCharacterClass): boolean {
  switch (cls) {
    case 'digit':
      return DIGITS.includes(ch) && ch.length === 1;
    case 'uppercase':
      return UPPERCASE.includes(ch) && ch.length === 1;
    case 'lowercase':
      return LOWERCASE.includes(ch) && ch.length === 1;
    case 'letter':
      return inClass(ch, 'uppercase') || inClass(ch, 'lowercase');
    case 'special':
      return SPECIALS.includes(ch) && ch.length === 1;
  }
}

/** The code points of a string (a lone surrogate counts as one). Never throws. */
export function codePoints(s: string): string[] {
  return Array.from(s);
}
