// Which reading of a one-field passcode (otp, pinotp, otpnew_pinnew_pin, pinotpnew_pinnew_pin:
// domain/passcode-permutations.ts) a validate check goes on with. The tokencode of each reading is
// checked first (cheap, nothing consumed); a PIN is verified (argon2id) only when more than one
// reading has a right tokencode, and then for at most MAX_PIN_VERIFICATIONS of them. The state
// machine then checks the chosen reading as any sign-in: one more verification. So a check costs
// one argon2id verification, and never more than 1 + MAX_PIN_VERIFICATIONS.
import { MAX_PIN_VERIFICATIONS, readPasscode, type PasscodeReading } from '../../domain/passcode-permutations.ts';
import type { Account, TokenRecord } from '../ports.ts';
import { verifyTokencode } from '../signin/check-passcode.ts';
import type { SignInDependencies } from '../signin/dependencies.ts';
import { policyFor } from '../pin/policies.ts';

export function chooseReading(
  deps: SignInDependencies,
  account: Account | null,
  token: TokenRecord | null,
  passcode: string,
): Promise<PasscodeReading | null> {
  const policy = policyFor(deps.policies, account?.groups ?? []);
  const parsed = readPasscode(passcode, {
    codeLength: token?.digits ?? 6,
    order: deps.settings.pinProcessingOrder,
    // An unknown user is read like an account with a PIN, as the pages treat it.
    hasPin: account ? account.pin.hash !== null : true,
    pinLength: { min: policy.minLength, max: policy.maxLength },
  });
  return parsed.ok ? pick(deps, account, token, parsed.readings) : Promise.resolve(null);
}

async function pick(deps: SignInDependencies, account: Account | null, token: TokenRecord | null, readings: readonly PasscodeReading[]): Promise<PasscodeReading> {
  if (readings.length === 1) return readings[0]!;
  const codeRight = new Map<string, boolean>();
  for (const { tokencode } of readings) {
    if (!codeRight.has(tokencode)) codeRight.set(tokencode, (await verifyTokencode(deps, token, tokencode, token?.lastTimeStep ?? null)).valid);
  }
  const live = readings.filter((r) => codeRight.get(r.tokencode));
  if (live.length === 0) return readings[0]!;
  if (live.length === 1 || !account?.pin.hash) return live[0]!;
  for (const reading of live.slice(0, MAX_PIN_VERIFICATIONS)) {
    if (await deps.hasher.verify(account.pin.hash, reading.pin)) return reading;
  }
  return live[0]!;
}
