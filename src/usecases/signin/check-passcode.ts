// Checks a PIN + tokencode (or a tokencode alone, for an account with no PIN) and turns the
// result into a state-machine event. Every PIN path costs the same: an unknown user still pays
// for one argon2id verification and one TOTP computation.
import { splitPasscode } from '../../domain/passcode.ts';
import type { FailureReason, SignInEvent } from '../../domain/signin/events.ts';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import { checkTotp, newTotpSecret } from '../../security/totp.ts';
import type { TokenRecord } from '../ports.ts';
import type { SignInDependencies } from './dependencies.ts';

export interface PasscodeInput {
  readonly pin?: string | undefined;
  readonly tokencode?: string | undefined;
  readonly passcode?: string | undefined;
}

type Checked = { valid: boolean; reason: FailureReason | null };

const DEFAULT_DIGITS = 6;
const dummySecret = newTotpSecret();

export async function checkPasscode(deps: SignInDependencies, flow: SignInFlow, input: PasscodeInput): Promise<SignInEvent> {
  const account = flow.accountId ? await deps.accounts.findById(flow.accountId) : null;
  const token = account ? await deps.tokens.findActiveForAccount(account.id) : null;
  const parts = readParts(deps, input, token?.digits ?? DEFAULT_DIGITS, true);
  const pin = parts?.pin ?? '';

  const pinOk = account?.pin.hash && token ? await deps.hasher.verify(account.pin.hash, pin) : await deps.hasher.verifyDummy(pin);
  const totp = await verifyTokencode(deps, token, parts?.tokencode ?? '');

  const checked = ((): Checked => {
    if (!account || !token) return { valid: false, reason: 'unknown_user' };
    if (!parts) return { valid: false, reason: 'malformed_passcode' };
    if (!pinOk) return { valid: false, reason: 'wrong_pin' };
    if (!totp.valid) return { valid: false, reason: 'wrong_tokencode' };
    return { valid: true, reason: null };
  })();
  // The code is consumed only once the PIN is known to be right, so a stranger who guesses
  // PINs cannot burn the owner's current code.
  const final = checked.valid && totp.valid ? await consume(deps, token!, totp.timeStep) : checked;
  return { type: 'passcode_checked', ...final };
}

export async function checkTokencodeOnly(deps: SignInDependencies, flow: SignInFlow, input: PasscodeInput): Promise<SignInEvent> {
  const token = flow.accountId ? await deps.tokens.findActiveForAccount(flow.accountId) : null;
  const parts = readParts(deps, input, token?.digits ?? DEFAULT_DIGITS, false);
  const totp = await verifyTokencode(deps, token, parts?.tokencode ?? '');
  if (!token) return { type: 'tokencode_checked', valid: false, reason: 'account_unusable' };
  if (!parts) return { type: 'tokencode_checked', valid: false, reason: 'malformed_passcode' };
  if (!totp.valid) return { type: 'tokencode_checked', valid: false, reason: 'wrong_tokencode' };
  return { type: 'tokencode_checked', ...(await consume(deps, token, totp.timeStep)) };
}

async function consume(deps: SignInDependencies, token: TokenRecord, timeStep: number): Promise<Checked> {
  return (await deps.tokens.acceptTimeStep(token.id, timeStep)) ? { valid: true, reason: null } : { valid: false, reason: 'replayed_tokencode' };
}

function readParts(deps: SignInDependencies, input: PasscodeInput, digits: number, pinRequired: boolean): { pin: string; tokencode: string } | null {
  if (deps.settings.passcodeField === 'combined' && input.passcode !== undefined) {
    const split = splitPasscode(input.passcode, digits, deps.settings.pinProcessingOrder, pinRequired ? 1 : 0);
    return split.ok ? { pin: split.pin, tokencode: split.tokencode } : null;
  }
  const pin = input.pin ?? '';
  const tokencode = (input.tokencode ?? '').replace(/\s+/g, '');
  return (pin.length > 0 || !pinRequired) && tokencode.length > 0 ? { pin, tokencode } : null;
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
