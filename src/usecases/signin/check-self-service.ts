// The checks of the recovery and enrolment steps: the emailed code plus the TOTP code for a
// forgotten PIN; the PIN plus the helpdesk's enrolment code; a code from the token being
// enrolled. A locked account fails every one of them.
import { isLocked } from '../../domain/lockout.ts';
import type { FailureReason, SignInEvent } from '../../domain/signin/events.ts';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import { checkTotp } from '../../security/totp.ts';
import { hashEnrolmentCode } from '../admin/issue-enrolment-code.ts';
import type { SignInInput } from './check-passcode.ts';
import type { SignInDependencies } from './dependencies.ts';
import { matchEmailCode } from './email-code.ts';
import { DECOY_ACCOUNT_ID } from './decoy.ts';
import { timingSafeEqual } from 'node:crypto';

type Checked = { valid: boolean; reason: FailureReason | null };
const ok: Checked = { valid: true, reason: null };
const fail = (reason: FailureReason): Checked => ({ valid: false, reason });

export async function checkRecovery(deps: SignInDependencies, flow: SignInFlow, input: SignInInput): Promise<SignInEvent> {
  const now = deps.clock.now();
  // An unknown username reads as much as a known one (decoy.ts).
  const account = await deps.accounts.findById(flow.accountId ?? DECOY_ACCOUNT_ID);
  const emailMatch = matchEmailCode(deps, flow, input.emailCode ?? '', now);
  const token = await deps.tokens.findActiveForAccount(account?.id ?? DECOY_ACCOUNT_ID);
  let checked: Checked;
  if (!account) checked = fail('unknown_user');
  else if (isLocked(account.lockout, now, deps.lockout)) checked = fail('account_locked');
  else if (emailMatch !== 'valid') checked = fail(emailMatch === 'expired' ? 'expired_email_code' : 'wrong_email_code');
  else if (token?.type === 'totp' && token.sealedSecret) {
    // An account with an authenticator proves it too: a mailbox alone does not reset a PIN.
    const secret = deps.secretBox.open(token.sealedSecret, `token:${token.id}`);
    const at = new Date(now.getTime() + token.driftSteps * token.period * 1000);
    const totp = await checkTotp(secret, (input.tokencode ?? '').replace(/\s+/g, ''), token, at, deps.settings.totpWindow, token.lastTimeStep);
    if (!totp.valid) checked = fail(totp.replayed ? 'replayed_tokencode' : 'wrong_tokencode');
    else checked = (await deps.tokens.acceptTimeStep(token.id, totp.timeStep)) ? ok : fail('replayed_tokencode');
  } else checked = ok;
  return { type: 'recovery_checked', ...checked };
}

export async function checkEnrolmentCode(deps: SignInDependencies, flow: SignInFlow, input: SignInInput): Promise<SignInEvent> {
  const now = deps.clock.now();
  const account = flow.accountId ? await deps.accounts.findById(flow.accountId) : null;
  const pinOk = account?.pin.hash ? await deps.hasher.verify(account.pin.hash, input.pin ?? '') : await deps.hasher.verifyDummy(input.pin ?? '');
  let checked: Checked;
  if (!account) checked = fail('unknown_user');
  else if (isLocked(account.lockout, now, deps.lockout)) checked = fail('account_locked');
  else if (account.pin.hash && !pinOk) checked = fail('wrong_pin');
  else {
    const given = Buffer.from(hashEnrolmentCode(deps.codeKey, account.id, input.enrolmentCode ?? ''));
    const stored = account.enrolment;
    const matches = stored !== null && stored.expiresAt.getTime() > now.getTime() && Buffer.from(stored.codeHash).length === given.length && timingSafeEqual(Buffer.from(stored.codeHash), given);
    checked = matches ? ok : fail('wrong_enrolment_code');
  }
  return { type: 'enrolment_code_checked', ...checked };
}

export async function checkTotpEnrolment(deps: SignInDependencies, flow: SignInFlow, input: SignInInput): Promise<SignInEvent> {
  const account = flow.accountId ? await deps.accounts.findById(flow.accountId) : null;
  const token = account ? await deps.tokens.findPendingForAccount(account.id) : null;
  if (!account || !token?.sealedSecret) return { type: 'totp_enrolment_checked', valid: false, reason: 'account_unusable' };
  if (isLocked(account.lockout, deps.clock.now(), deps.lockout)) return { type: 'totp_enrolment_checked', valid: false, reason: 'account_locked' };
  const secret = deps.secretBox.open(token.sealedSecret, `token:${token.id}`);
  const totp = await checkTotp(secret, (input.tokencode ?? '').replace(/\s+/g, ''), token, deps.clock.now(), deps.settings.totpWindow, null);
  if (!totp.valid) return { type: 'totp_enrolment_checked', valid: false, reason: 'wrong_tokencode' };
  await deps.tokens.resync(token.id, 0, totp.timeStep); // this code is now used
  return { type: 'totp_enrolment_checked', valid: true, reason: null };
}
