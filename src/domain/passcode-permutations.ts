// The passcode permutations of one-field sign-ins (OneSpan's names), read exactly:
//   otp                    a tokencode alone (an account with no PIN yet: New PIN mode follows)
//   pinotp                 the PIN and the tokencode (PIN first with `prepend`, last with `append`)
//   otpnew_pinnew_pin      a tokencode, then a new PIN typed twice (first PIN, or after a reset)
//   pinotpnew_pinnew_pin   the PIN and the tokencode, then a new PIN typed twice (a change in one go)
// The tokencode's length is the token's; a new PIN is the last 2k characters when they are the
// same k characters twice, k within the policy's lengths. The PIN is what remains.
//
// What one input can mean is bounded: at most one reading without a new PIN and one per allowed
// new-PIN length (policy max - min + 1), and inputs longer than the longest possible reading are
// refused before any reading is made. The caller checks each reading's tokencode first (cheap)
// and verifies a PIN (argon2id) only for readings whose tokencode is right, so an attempt costs at
// most MAX_PIN_VERIFICATIONS hashes whatever the input. Pure: no I/O.
import type { PinProcessingOrder } from './passcode.ts';

export type PasscodePermutation = 'otp' | 'pinotp' | 'otpnew_pinnew_pin' | 'pinotpnew_pinnew_pin';

export interface PasscodeReading {
  readonly permutation: PasscodePermutation;
  /** Empty for the permutations without a PIN. */
  readonly pin: string;
  readonly tokencode: string;
  /** The new PIN typed twice (once here), or null. */
  readonly newPin: string | null;
}

export interface PermutationRules {
  /** Digits of the account's token code. */
  readonly codeLength: number;
  readonly order: PinProcessingOrder;
  /** Whether the account has a PIN: the permutations with a PIN, or those without. */
  readonly hasPin: boolean;
  /** Lengths a new PIN may have, from the account's policy. */
  readonly pinLength: { readonly min: number; readonly max: number };
  /** The longest current PIN read (default pinLength.max). A PIN set under an older or looser
   * policy may be longer than the policy allows now, and must still be readable. */
  readonly currentPinMax?: number;
}

/** The longest PIN any policy allows (pin-policy: maxLength 4-16). */
export const LONGEST_PIN = 16;

/** Hashes one attempt may cost at most: readings whose tokencode is right are rare (a random
 * slice matching a live code), and the caller stops after this many. */
export const MAX_PIN_VERIFICATIONS = 2;

export type PermutationParse =
  | { readonly ok: true; readonly readings: readonly PasscodeReading[] }
  | { readonly ok: false; readonly reason: 'too_short' | 'too_long' | 'not_readable' };

export function readPasscode(passcode: string, rules: PermutationRules): PermutationParse {
  const { codeLength, hasPin, pinLength } = rules;
  const currentMax = rules.currentPinMax ?? pinLength.max;
  // The longest input any reading allows: a PIN, the code and a new PIN twice.
  const longest = (hasPin ? currentMax : 0) + codeLength + 2 * pinLength.max;
  // Counted in UTF-16 units first, so a huge input is refused before it is split into characters.
  if (passcode.length > longest * 2) return { ok: false, reason: 'too_long' };
  const chars = Array.from(passcode);
  if (chars.length > longest) return { ok: false, reason: 'too_long' };
  if (chars.length < codeLength + (hasPin ? 1 : 0)) return { ok: false, reason: 'too_short' };

  const readings: PasscodeReading[] = [];
  const plain = reading(chars, chars.length, rules, null);
  if (plain) readings.push(plain);
  for (let k = pinLength.min; k <= pinLength.max; k++) {
    const rest = chars.length - 2 * k;
    if (rest < codeLength + (hasPin ? 1 : 0)) break;
    const first = chars.slice(rest, rest + k).join('');
    const second = chars.slice(rest + k).join('');
    if (first !== second) continue;
    const withNewPin = reading(chars, rest, rules, first);
    if (withNewPin) readings.push(withNewPin);
  }
  return readings.length > 0 ? { ok: true, readings } : { ok: false, reason: 'not_readable' };
}

/** The reading of the first `length` characters as [PIN +] code (or code + PIN), with `newPin`. */
function reading(chars: readonly string[], length: number, rules: PermutationRules, newPin: string | null): PasscodeReading | null {
  const { codeLength, order, hasPin } = rules;
  const head = chars.slice(0, length);
  const pinChars = head.length - codeLength;
  if (hasPin ? pinChars < 1 || pinChars > (rules.currentPinMax ?? rules.pinLength.max) : pinChars !== 0) return null;
  const code = (order === 'prepend' ? head.slice(pinChars) : head.slice(0, codeLength)).join('');
  const pin = (order === 'prepend' ? head.slice(0, pinChars) : head.slice(codeLength)).join('');
  if (!/^[0-9]+$/.test(code)) return null;
  const permutation: PasscodePermutation = hasPin ? (newPin === null ? 'pinotp' : 'pinotpnew_pinnew_pin') : newPin === null ? 'otp' : 'otpnew_pinnew_pin';
  return { permutation, pin, tokencode: code, newPin };
}
