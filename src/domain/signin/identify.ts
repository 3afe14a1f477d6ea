// The username step: decides, from what is known about the account, which page comes next.
// An unknown or unusable account continues exactly like a TOTP account with a PIN (no oracle),
// its flow keeping only the hash of what was typed; for a forgotten PIN, every username gets
// "if the account exists, we sent a code".
import type { SignInEffect } from './effects.ts';
import type { AccountFacts } from './events.ts';
import { restarted, type FlowPinDemand, type SignInFlow, type TotpEnrolment } from './flow.ts';
import { enrolsWithHelpdeskCode, selfEnrolmentFor } from './enrolment.ts';
import type { Transition } from './transition.ts';

/** What was typed at the username step: the username (normalised) and its keyed hash. */
export interface TypedUsername {
  readonly username: string;
  readonly usernameHash: string;
}

export function identify(flow: SignInFlow, { username, usernameHash }: TypedUsername, account: AccountFacts | null, now: Date): Transition {
  if (username === '') return { flow, effects: [{ type: 'show_error', messageId: 'signin.username_required' }] };
  if (flow.purpose === 'forgot_pin') return identifyForRecovery(flow, { username, usernameHash }, account, now);

  const enrolment: TotpEnrolment = account ? selfEnrolmentFor(account) : 'none';
  const usable =
    account !== null && account.status === 'ACTIVE' && (account.tokenType !== null || enrolment !== 'none') &&
    ['none', 'set', 'change', 'expired-send-random'].includes(account.pinDemand) &&
    (flow.purpose !== 'validate' || validateCanSignIn(account, enrolment));
  if (!usable) return { flow: { ...restarted(flow), state: 'PASSCODE_REQUIRED', usernameHash }, effects: [] };

  // An expired PIN whose policy says "send a new random PIN" is a forced change with an emailed PIN.
  const sendRandom = account.pinDemand === 'expired-send-random';
  let pinDemand = sendRandom ? 'change' : (account.pinDemand as FlowPinDemand);
  if (flow.purpose === 'change_pin' && pinDemand === 'none') pinDemand = 'change';
  const known: SignInFlow = {
    ...restarted(flow),
    username,
    usernameHash,
    accountId: account.id,
    tokenType: account.tokenType ?? (enrolment === 'after_email_code' ? 'email' : null),
    pinDemand,
    randomPins: account.randomPins || sendRandom,
    randomPinDelivery: sendRandom ? 'email' : account.randomPinDelivery,
    totpEnrolment: enrolment,
  };
  if (enrolsWithHelpdeskCode(enrolment)) return { flow: { ...known, state: 'ENROLMENT_CODE_REQUIRED' }, effects: [] };
  if (known.tokenType === 'email') {
    if (pinDemand === 'set') {
      // No PIN to check: the emailed code alone proves possession, and the send counts.
      return { flow: { ...known, state: 'EMAIL_CODE_REQUIRED' }, effects: [{ type: 'send_email_code', accountId: account.id }] };
    }
    return { flow: { ...known, state: 'PIN_REQUIRED' }, effects: [] };
  }
  return { flow: { ...known, state: pinDemand === 'set' ? 'TOKENCODE_REQUIRED' : 'PASSCODE_REQUIRED' }, effects: [] };
}

/**
 * What a validate API caller can take through, without a browser: not a token enrolment, not
 * an emailed code before any PIN (an account without one; it would also tell the caller the
 * account exists), and not a server-generated PIN to be shown (it would travel in a RADIUS reply).
 * Such an account is answered like an unknown one, and is signed in through the pages.
 */
function validateCanSignIn(account: AccountFacts, enrolment: TotpEnrolment): boolean {
  if (account.tokenType === null || enrolment !== 'none') return false;
  if (account.tokenType === 'email' && account.pinDemand === 'set') return false;
  const randomShown = (account.randomPins && account.randomPinDelivery === 'screen') || (account.pinDemand === 'expired-send-random' && !account.hasEmail);
  return !(randomShown && account.pinDemand !== 'none');
}

function identifyForRecovery(flow: SignInFlow, { username, usernameHash }: TypedUsername, account: AccountFacts | null, now: Date): Transition {
  const base: SignInFlow = { ...restarted(flow), state: 'RECOVERY_CODE_REQUIRED', usernameHash };
  const usable = account !== null && account.status === 'ACTIVE' && account.pinRecovery && account.pinDemand !== 'expired-lock';
  if (!usable) {
    // Pretend a code went out, counting the send like a real one so resends behave the same.
    const notice: SignInEffect = { type: 'show_notice', noticeId: 'recovery.sent' };
    return { flow: { ...base, emailSends: flow.emailSends + 1, lastEmailSentAt: now }, effects: [notice] };
  }
  return {
    flow: {
      ...base,
      username,
      accountId: account.id,
      tokenType: account.tokenType,
      pinDemand: account.pinDemand === 'set' ? 'set' : 'change',
      randomPins: account.randomPins,
      randomPinDelivery: account.randomPinDelivery,
    },
    effects: [{ type: 'send_email_code', accountId: account.id }],
  };
}
