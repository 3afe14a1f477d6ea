// TOTP self-enrolment during sign-in, for an account that has no token: after the emailed code,
// or the PIN plus an enrolment code from the helpdesk, the user scans a new token, and it
// becomes active only once a valid code from it is entered.
import type { SignInEvent } from './events.ts';
import type { SignInFlow } from './flow.ts';
import { afterPossession, failed } from './possession.ts';
import type { Transition } from './transition.ts';

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
