// Splits a passcode (PIN and tokencode typed in one field) into its parts. The tokencode
// length is known from the token, so the split is exact; the PIN is whatever remains.

export type PinProcessingOrder = 'prepend' | 'append';

export type PasscodeSplit =
  | { readonly ok: true; readonly pin: string; readonly tokencode: string }
  | { readonly ok: false; readonly reason: 'too_short' | 'tokencode_not_numeric' };

/**
 * prepend: PIN then tokencode ("1234" + "567890") · append: tokencode then PIN.
 * `minPinLength` 0 admits a passcode that is only a tokencode (an account with no PIN yet).
 */
export function splitPasscode(
  passcode: string,
  tokencodeLength: number,
  order: PinProcessingOrder,
  minPinLength = 1,
): PasscodeSplit {
  const chars = Array.from(passcode); // code points, so a non-BMP character is never cut in half
  if (chars.length < tokencodeLength + minPinLength) return { ok: false, reason: 'too_short' };
  const pinLength = chars.length - tokencodeLength;
  const pin = order === 'prepend' ? chars.slice(0, pinLength) : chars.slice(tokencodeLength);
  const tokencode = order === 'prepend' ? chars.slice(pinLength) : chars.slice(0, tokencodeLength);
  const code = tokencode.join('');
  if (!/^[0-9]+$/.test(code)) return { ok: false, reason: 'tokencode_not_numeric' };
  return { ok: true, pin: pin.join(''), tokencode: code };
}
