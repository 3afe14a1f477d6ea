// TOTP self-enrolment during sign-in, for an account that has no token: after the emailed code,
// or the PIN plus an enrolment code from the helpdesk, the user scans a new token, and it
// becomes active only once a valid code from it is entered.
import type { AccountFacts, SignInEvent } from './events.ts';
import type { SignInFlow, TotpEnrolment } from './flow.ts';
import { afterPossession, failed } from './possession.ts';
import type { Transition } from './transition.ts';

/**
 * Which self-enrolment an account without an active token is offered (configuration allowing).
 * Only an account that never had a token enrols on its own (after an emailed code, or with a
 * helpdesk code when it has no email). Once a token was enrolled, the PIN plus the mailbox are
 * not enough: an administrator who disables or removes the token (a lost phone, a suspected
 * compromise) must not leave a way around it, so only the helpdesk's enrolment code lets the
 * account enrol again.
 */
export function selfEnrolmentFor(account: AccountFacts): TotpEnrolment {
  if (account.tokenType !== null || !account.totpSelfEnrolment) return 'none';
  if (account.hadToken) return 'replacement_after_enrolment_code';
  return account.hasEmail ? 'after_email_code' : 'after_enrolment_code';
}

/** The enrolment is made with the helpdesk's enrolment code (the PIN too, when one is set). */
export const enrolsWithHelpdeskCode = (enrolment: TotpEnrolment): boolean =>
  enrolment === 'after_enrolment_code' || enrolment === 'replacement_after_enrolment_code';

export function startTotpEnrolment(flow: SignInFlow, extra: Transition['effects'] = []): Transition {
  return {
    flow: { ...flow, state: 'TOTP_ENROLMENT_REQUIRED', emailCodes: [] },
    effects: [...extra, { type: 'create_pending_totp', accountId: flow.accountId! }],
  };
}

export function enrolmentCodeChecked(flow: SignInFlow, event: Extract<SignInEvent, { type: 'enrolment_code_checked' }>): Transition {
  if (!event.valid || flow.accountId === null) return failed(flow, event.reason);
  // The PIN was part of this check when the account has one.
  const factors = flow.pinDemand === 'set' ? flow.factors : [...new Set([...flow.factors, 'pin' as const])];
  return startTotpEnrolment({ ...flow, factors }, [{ type: 'consume_enrolment_code', accountId: flow.accountId }]);
}

export function totpEnrolmentChecked(flow: SignInFlow, event: Extract<SignInEvent, { type: 'totp_enrolment_checked' }>): Transition {
  if (!event.valid) return failed(flow, event.reason);
  const next = afterPossession({ ...flow, factors: [...new Set([...flow.factors, 'otp' as const])] });
  // Activation goes after a success is recorded (which fails on a locked account), when there is one.
  const activate = { type: 'activate_pending_totp', accountId: flow.accountId! } as const;
  const success = next.effects.findIndex((e) => e.type === 'record_success');
  const effects = success === -1 ? [activate, ...next.effects] : [...next.effects.slice(0, success + 1), activate, ...next.effects.slice(success + 1)];
  return { flow: next.flow, effects };
}
