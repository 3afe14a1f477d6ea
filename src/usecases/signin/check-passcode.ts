// Checks a PIN + tokencode for the flow's account and turns the result into a state-machine
// event. Every path costs the same: an unknown user still pays for one argon2id verification
// and one TOTP computation, and the answer carries the reason only for the audit trail.
import { splitPasscode } from '../../domain/passcode.ts';
import type { SignInEvent } from '../../domain/signin/events.ts';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import { checkTotp, newTotpSecret } from '../../security/totp.ts';
import type { TokenRecord } from '../ports.ts';
import type { SignInDependencies } from './dependencies.ts';

export interface PasscodeInput {
  readonly pin?: string | undefined;
  readonly tokencode?: string | undefined;
  readonly passcode?: string | undefined;
}

const DEFAULT_DIGITS = 6;
const dummySecret = newTotpSecret();

export async function checkPasscode(
  deps: SignInDependencies,
  flow: SignInFlow,
  input: PasscodeInput,
): Promise<Extract<SignInEvent, { type: 'passcode_checked' }>> {
  const account = flow.accountId ? await deps.accounts.findById(flow.accountId) : null;
  const token = account ? await deps.tokens.findActiveForAccount(account.id) : null;
  const digits = token?.digits ?? DEFAULT_DIGITS;

  const parts = readParts(deps, input, digits);
  const pin = parts?.pin ?? '';
  const tokencode = parts?.tokencode ?? '';

  const pinOk = account?.pinHash && token ? await deps.hasher.verify(account.pinHash, pin) : await deps.hasher.verifyDummy(pin);
  const totp = await verifyTokencode(deps, token, tokencode);

  if (!account || !token) return { type: 'passcode_checked', valid: false, reason: 'unknown_user' };
  if (!parts) return { type: 'passcode_checked', valid: false, reason: 'malformed_passcode' };
  if (!pinOk) return { type: 'passcode_checked', valid: false, reason: 'wrong_pin' };
  if (!totp.valid) return { type: 'passcode_checked', valid: false, reason: 'wrong_tokencode' };
  // The code is consumed only once the PIN is known to be right, so a stranger who guesses
  // PINs cannot burn the owner's current code.
  const fresh = await deps.tokens.acceptTimeStep(token.id, totp.timeStep);
  if (!fresh) return { type: 'passcode_checked', valid: false, reason: 'replayed_tokencode' };
  return { type: 'passcode_checked', valid: true, reason: null };
}

function readParts(deps: SignInDependencies, input: PasscodeInput, digits: number): { pin: string; tokencode: string } | null {
  if (deps.settings.passcodeField === 'combined') {
    const split = splitPasscode(input.passcode ?? '', digits, deps.settings.pinProcessingOrder);
    return split.ok ? { pin: split.pin, tokencode: split.tokencode } : null;
  }
  const pin = input.pin ?? '';
  const tokencode = (input.tokencode ?? '').replace(/\s+/g, '');
  return pin.length > 0 && tokencode.length > 0 ? { pin, tokencode } : null;
}

async function verifyTokencode(deps: SignInDependencies, token: TokenRecord | null, code: string) {
  const now = deps.clock.now();
  if (!token || token.type !== 'totp' || !token.sealedSecret) {
    await checkTotp(dummySecret, code.padEnd(DEFAULT_DIGITS, '0').slice(0, DEFAULT_DIGITS), { algorithm: 'SHA1', digits: 6, period: 30 }, now, deps.settings.totpWindow, null);
    return { valid: false } as const;
  }
  const secret = deps.secretBox.open(token.sealedSecret, `token:${token.id}`);
  return checkTotp(secret, code, token, now, deps.settings.totpWindow, token.lastTimeStep);
}
