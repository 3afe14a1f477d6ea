// The sign-in state machine: the only place that decides what comes after each step.
// Pure: (flow, event, now, limits) -> (next flow, effects). See STATES.md beside this file.
import { DomainError } from '../errors.ts';
import type { SignInEffect } from './effects.ts';
import type { SignInEvent } from './events.ts';
import { isFlowExpired, restarted, type SignInFlow } from './flow.ts';
import { emailCodeChecked, emailCodeSent, emailDeliveryFailed, resendRequested } from './email-code.ts';
import { newPinEnteredOnce, newPinSubmitted } from './new-pin.ts';
import { completed, nextTokencodeChecked, passcodeChecked, verified } from './possession.ts';
import { identify } from './identify.ts';
import { enrolmentCodeChecked, totpEnrolmentChecked } from './enrolment.ts';

export interface Transition {
  readonly flow: SignInFlow;
  readonly effects: readonly SignInEffect[];
}

export interface SignInLimits {
  readonly newPinMaxAttempts: number;
  /** Next Tokencode mode after this many consecutive failures; 0: off. */
  readonly nextTokencodeAfter: number;
  readonly emailCode: {
    readonly ttlSeconds: number;
    readonly resendCooldownSeconds: number;
    readonly maxSends: number;
    readonly invalidatePrevious: boolean;
  };
}

export function transition(flow: SignInFlow, event: SignInEvent, now: Date, limits: SignInLimits): Transition {
  if (isFlowExpired(flow, now)) throw new DomainError('flow_expired', 'the sign-in took too long; start again');
  if (flow.state === 'COMPLETED') throw new DomainError('flow_invalid', 'this sign-in is already complete');
  if (event.type === 'restart_requested') return { flow: restarted(flow), effects: [] };
  if (event.type === 'email_code_sent') return emailCodeSent(flow, event, now, limits);
  if (event.type === 'email_delivery_failed') return emailDeliveryFailed(flow);

  switch (flow.state) {
    case 'USERNAME_REQUIRED':
      if (event.type === 'username_submitted') return identify(flow, event, event.account, now);
      break;
    case 'PASSCODE_REQUIRED':
      if (event.type === 'passcode_checked') return passcodeChecked(flow, event, limits);
      break;
    case 'TOKENCODE_REQUIRED':
      if (event.type === 'tokencode_checked') return verified(flow, event.valid, event.reason, ['otp']);
      break;
    case 'NEXT_TOKENCODE_REQUIRED':
      if (event.type === 'next_tokencode_checked') return nextTokencodeChecked(flow, event);
      break;
    case 'PIN_REQUIRED':
      if (event.type === 'pin_checked') return pinChecked(flow, event.valid, event.reason);
      break;
    case 'EMAIL_CODE_REQUIRED':
      if (event.type === 'email_code_checked') return emailCodeChecked(flow, event);
      if (event.type === 'resend_requested') return resendRequested(flow, now, limits);
      break;
    case 'RECOVERY_CODE_REQUIRED':
      if (event.type === 'recovery_checked') return verified(flow, event.valid, event.reason, ['otp']);
      if (event.type === 'resend_requested') return resendRequested(flow, now, limits);
      break;
    case 'ENROLMENT_CODE_REQUIRED':
      if (event.type === 'enrolment_code_checked') return enrolmentCodeChecked(flow, event);
      break;
    case 'TOTP_ENROLMENT_REQUIRED':
      if (event.type === 'totp_enrolment_checked') return totpEnrolmentChecked(flow, event);
      break;
    case 'NEW_PIN_REQUIRED':
      if (event.type === 'new_pin_submitted') return newPinSubmitted(flow, event.verdict, limits);
      if (event.type === 'new_pin_entered_once') return newPinEnteredOnce(flow, event, limits);
      break;
    case 'RANDOM_PIN_ISSUED':
      if (event.type === 'random_pin_acknowledged') return completed(flow);
      break;
  }
  throw new DomainError('flow_invalid', `unexpected ${event.type} in state ${flow.state}`, { state: flow.state, event: event.type });
}

function pinChecked(flow: SignInFlow, valid: boolean, reason: Extract<SignInEvent, { type: 'pin_checked' }>['reason']): Transition {
  if (!valid || flow.accountId === null) {
    // A wrong PIN sends no email, and looks like any other failure.
    return {
      flow,
      effects: [
        { type: 'record_failure', accountId: flow.accountId, reason: reason ?? 'unknown_user' },
        { type: 'show_error', messageId: 'signin.failed' },
      ],
    };
  }
  return { flow: { ...flow, factors: ['pin'] }, effects: [{ type: 'send_email_code', accountId: flow.accountId }] };
}
