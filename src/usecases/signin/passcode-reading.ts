// Which reading of a one-field passcode (otp, pinotp, otpnew_pinnew_pin, pinotpnew_pinnew_pin:
// domain/passcode-permutations.ts) a check goes on with, for the pages' single passcode field and
// the validate API alike. The tokencode of each reading is checked first (cheap, nothing
// consumed); a PIN is verified (argon2id) only when more than one reading has a right tokencode,
// and then for at most MAX_PIN_VERIFICATIONS of them, whose result the check reuses. So a check
// costs one argon2id verification, and never more than MAX_PIN_VERIFICATIONS.
import { LONGEST_PIN, MAX_PIN_VERIFICATIONS, readPasscode, type PasscodeReading } from '../../domain/passcode-permutations.ts';
import type { Account, TokenRecord } from '../ports.ts';
import type { SignInDependencies } from './dependencies.ts';
import { policyFor } from '../pin/policies.ts';
import type { TotpCheck } from '../../security/totp.ts';

export interface ChosenReading {
  readonly reading: PasscodeReading;
  /** Whether its PIN matched, when choosing had to verify it; null when it was not verified. */
  readonly pinMatched: boolean | null;
}

type VerifyCode = (token: TokenRecord | null, code: string) => Promise<TotpCheck>;

/** null: the passcode has no reading (too short, too long, a code that is not digits). */
export async function chooseReading(
  deps: SignInDependencies,
  account: Account | null,
  token: TokenRecord | null,
  passcode: string,
  hasPin: boolean,
  verifyCode: VerifyCode,
): Promise<ChosenReading | null> {
  const policy = policyFor(deps.policies, account?.groups ?? []);
  const parsed = readPasscode(passcode, {
    codeLength: token?.digits ?? 6,
    order: deps.settings.pinProcessingOrder,
    hasPin,
    pinLength: { min: policy.minLength, max: policy.maxLength },
    currentPinMax: LONGEST_PIN,
  });
  if (!parsed.ok) return null;
  const { readings } = parsed;
  if (readings.length === 1) return { reading: readings[0]!, pinMatched: null };
  const codeRight = new Map<string, boolean>();
  for (const { tokencode } of readings) {
    if (!codeRight.has(tokencode)) codeRight.set(tokencode, (await verifyCode(token, tokencode)).valid);
  }
  const live = readings.filter((r) => codeRight.get(r.tokencode));
  if (live.length === 0) return { reading: readings[0]!, pinMatched: null };
  if (live.length === 1 || !hasPin || !account?.pin.hash) return { reading: live[0]!, pinMatched: null };
  // The plain reading first, then the longest new PIN: a long tail typed twice is the likelier intent.
  const tried = [live[0]!, ...live.slice(1).reverse()].slice(0, MAX_PIN_VERIFICATIONS);
  for (const reading of tried) {
    if (await deps.hasher.verify(account.pin.hash, reading.pin)) return { reading, pinMatched: true };
  }
  return { reading: live[0]!, pinMatched: false };
}
