// The credential checks of the sign-in pages, each turned into a state-machine event: PIN +
// tokencode, tokencode alone (no PIN yet), the next tokencode, PIN alone (email token) and the
// emailed code. Every PIN path costs the same work: an unknown user still pays for one argon2id
// verification, one TOTP computation and the same database reads (decoy.ts). A locked account
// fails every check, right or wrong.
import { isLocked } from '../../domain/lockout.ts';
import type { FailureReason, SignInEvent } from '../../domain/signin/events.ts';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import { checkTotp, newTotpSecret } from '../../security/totp.ts';
import type { Account, TokenRecord } from '../ports.ts';
import { chooseReading } from './passcode-reading.ts';
import type { SignInDependencies } from './dependencies.ts';
import { matchEmailCode } from './email-code.ts';
import { DECOY_ACCOUNT_ID } from './decoy.ts';

export type SignInInput = Readonly<Record<string, string | undefined>>;
type Checked = { valid: boolean; reason: FailureReason | null };

const DEFAULT_DIGITS = 6;
const dummySecret = newTotpSecret();
const ok: Checked = { valid: true, reason: null };
const fail = (reason: FailureReason): Checked => ({ valid: false, reason });

async function load(deps: SignInDependencies, flow: SignInFlow) {
  const account = await deps.accounts.findById(flow.accountId ?? DECOY_ACCOUNT_ID);
  const token = await deps.tokens.findActiveForAccount(account?.id ?? DECOY_ACCOUNT_ID);
  const locked = account ? isLocked(account.lockout, deps.clock.now(), deps.lockout) : false;
  return { account, token, locked };
}

/** A checked passcode, and the new PIN it carried (…new_pinnew_pin), which is never stored. */
export interface CheckedPasscode {
  readonly event: SignInEvent;
  readonly offeredNewPin: string | null;
}

export async function checkPasscode(deps: SignInDependencies, flow: SignInFlow, input: SignInInput): Promise<CheckedPasscode> {
  const { account, token, locked } = await load(deps, flow);
  const parts = await readParts(deps, flow, input, account, token, true);
  const pin = parts?.pin ?? '';
  const pinOk =
    parts?.pinMatched ?? (account?.pin.hash && token ? await deps.hasher.verify(account.pin.hash, pin) : await deps.hasher.verifyDummy(pin));
  const totp = await verifyTokencode(deps, token, parts?.tokencode ?? '', token?.lastTimeStep ?? null);
  const failuresBefore = account?.lockout.failures ?? 0;

  let checked: Checked;
  if (!account || !token) checked = fail('unknown_user');
  else if (locked) checked = fail('account_locked');
  else if (!parts) checked = fail('malformed_passcode');
  else if (!pinOk) checked = fail('wrong_pin');
  else if (!totp.valid) checked = fail(totp.replayed ? 'replayed_tokencode' : 'wrong_tokencode');
  // The code is consumed only once the PIN is known to be right, so a stranger who guesses
  // PINs cannot burn the owner's current code.
  else checked = await consume(deps, token, totp.timeStep);
  const newPinOffered = checked.valid && parts?.newPin != null;
  return { event: { type: 'passcode_checked', ...checked, failuresBefore, newPinOffered }, offeredNewPin: newPinOffered ? parts!.newPin : null };
}

export async function checkTokencodeOnly(deps: SignInDependencies, flow: SignInFlow, input: SignInInput): Promise<CheckedPasscode> {
  const { checked, newPin } = await checkCodeOnly(deps, flow, input, true);
  return { event: { type: 'tokencode_checked', ...checked }, offeredNewPin: checked.valid ? newPin : null };
}

/** Next Tokencode mode: the code must belong to a later time step than the one just accepted. */
export async function checkNextTokencode(deps: SignInDependencies, flow: SignInFlow, input: SignInInput): Promise<SignInEvent> {
  return { type: 'next_tokencode_checked', ...(await checkCodeOnly(deps, flow, input, false)).checked };
}

/** The tokencode alone; `permutations`: a one-field passcode may add a new PIN twice (otpnew_pinnew_pin). */
async function checkCodeOnly(deps: SignInDependencies, flow: SignInFlow, input: SignInInput, permutations: boolean): Promise<{ checked: Checked; newPin: string | null }> {
  const { account, token, locked } = await load(deps, flow);
  const parts = permutations ? await readParts(deps, flow, input, account, token, false) : plainParts(input, false);
  const totp = await verifyTokencode(deps, token, parts?.tokencode ?? '', token?.lastTimeStep ?? null);
  const newPin = parts?.newPin ?? null;
  // The validate API answers an account without a PIN in one request, as it answers an unknown
  // user: the same argon2id work as a PIN check, so the time tells nothing either.
  if (flow.purpose === 'validate') await deps.hasher.verifyDummy(parts?.pin ?? '');
  if (!token) return { checked: fail('account_unusable'), newPin };
  if (locked) return { checked: fail('account_locked'), newPin };
  if (!parts) return { checked: fail('malformed_passcode'), newPin };
  if (!totp.valid) return { checked: fail(totp.replayed ? 'replayed_tokencode' : 'wrong_tokencode'), newPin };
  return { checked: await consume(deps, token, totp.timeStep), newPin };
}

/** Email token, first step: the PIN alone. */
export async function checkPinOnly(deps: SignInDependencies, flow: SignInFlow, input: SignInInput): Promise<SignInEvent> {
  const { account, locked } = await load(deps, flow);
  const pin = input.pin ?? '';
  const pinOk = account?.pin.hash ? await deps.hasher.verify(account.pin.hash, pin) : await deps.hasher.verifyDummy(pin);
  let checked: Checked;
  if (!account) checked = fail('unknown_user');
  else if (locked) checked = fail('account_locked');
  else checked = pinOk ? ok : fail('wrong_pin');
  return { type: 'pin_checked', ...checked };
}

export async function checkEmailCode(deps: SignInDependencies, flow: SignInFlow, input: SignInInput): Promise<SignInEvent> {
  const { account, locked } = await load(deps, flow);
  const match = matchEmailCode(deps, flow, input.tokencode ?? '', deps.clock.now());
  let checked: Checked;
  if (!account) checked = fail('unknown_user');
  else if (locked) checked = fail('account_locked');
  else if (match === 'expired') checked = fail('expired_email_code');
  else checked = match === 'valid' ? ok : fail('wrong_email_code');
  return { type: 'email_code_checked', ...checked };
}

async function consume(deps: SignInDependencies, token: TokenRecord, timeStep: number): Promise<Checked> {
  return (await deps.tokens.acceptTimeStep(token.id, timeStep)) ? ok : fail('replayed_tokencode');
}

interface Parts {
  readonly pin: string;
  readonly tokencode: string;
  readonly newPin: string | null;
  /** The PIN was verified while choosing between readings (passcode-reading.ts). */
  readonly pinMatched: boolean | null;
}

/** The parts of the form: separate fields, or one passcode field (the pages' combined setting,
 * and always the validate API) read with the passcode permutations. */
async function readParts(deps: SignInDependencies, flow: SignInFlow, input: SignInInput, account: Account | null, token: TokenRecord | null, pinRequired: boolean): Promise<Parts | null> {
  if (input.passcode === undefined || (deps.settings.passcodeField !== 'combined' && flow.purpose !== 'validate')) return plainParts(input, pinRequired);
  const verifyCode = (t: TokenRecord | null, code: string) => verifyTokencode(deps, t, code, t?.lastTimeStep ?? null);
  const chosen = await chooseReading(deps, account, token, input.passcode, pinRequired, verifyCode);
  if (!chosen) return null;
  return { pin: chosen.reading.pin, tokencode: chosen.reading.tokencode, newPin: chosen.reading.newPin, pinMatched: chosen.pinMatched };
}

function plainParts(input: SignInInput, pinRequired: boolean): Parts | null {
  const pin = input.pin ?? '';
  const tokencode = (input.tokencode ?? '').replace(/\s+/g, '');
  return (pin.length > 0 || !pinRequired) && tokencode.length > 0 ? { pin, tokencode, newPin: null, pinMatched: null } : null;
}

export async function verifyTokencode(deps: SignInDependencies, token: TokenRecord | null, code: string, after: number | null) {
  const now = deps.clock.now();
  if (!token || token.type !== 'totp' || !token.sealedSecret) {
    await checkTotp(dummySecret, code.padEnd(DEFAULT_DIGITS, '0').slice(0, DEFAULT_DIGITS), { algorithm: 'SHA1', digits: 6, period: 30 }, now, deps.settings.totpWindow, null);
    return { valid: false } as const;
  }
  const secret = deps.secretBox.open(token.sealedSecret, `token:${token.id}`);
  // A resync measured how far the authenticator's clock drifts; verify on its clock.
  const tokenTime = new Date(now.getTime() + token.driftSteps * token.period * 1000);
  return checkTotp(secret, code, token, tokenTime, deps.settings.totpWindow, after);
}

