// The emailed code (on-demand tokencode): sending, resending with a cooldown and a cap,
// delivery failures (not counted against the user), and checking a code.
import type { SignInEvent } from './events.ts';
import type { SignInFlow } from './flow.ts';
import { failed, verified } from './possession.ts';
import { startTotpEnrolment } from './enrolment.ts';
import type { SignInLimits, Transition } from './transition.ts';

export function emailCodeSent(flow: SignInFlow, event: Extract<SignInEvent, { type: 'email_code_sent' }>, now: Date, limits: SignInLimits): Transition {
  const stillValid = limits.emailCode.invalidatePrevious ? [] : flow.emailCodes.filter((c) => c.expiresAt.getTime() > now.getTime());
  const recovery = flow.state === 'RECOVERY_CODE_REQUIRED';
  const first = flow.emailSends === 0 || (flow.state !== 'EMAIL_CODE_REQUIRED' && !recovery);
  return {
    flow: {
      ...flow,
      state: recovery ? 'RECOVERY_CODE_REQUIRED' : 'EMAIL_CODE_REQUIRED',
      emailCodes: [...stillValid, { hash: event.hash, expiresAt: event.expiresAt }],
      emailSends: flow.emailSends + 1,
      lastEmailSentAt: now,
    },
    effects: [
      // A sign-in code is sent only after the right PIN: it counts toward the lock (a cap on the
      // codes anyone can make us send). A forgotten-PIN code is asked for with a username alone:
      // counting it would let anyone lock anyone out, so it has its own cap per account.
      ...(recovery ? [] : [{ type: 'record_email_sent', accountId: flow.accountId! } as const]),
      { type: 'show_notice', noticeId: recovery && first ? 'recovery.sent' : first ? 'email.sent' : 'email.resent' },
    ],
  };
}

/** SMTP refused or was unreachable: say so, count nothing; the resend button retries. */
export function emailDeliveryFailed(flow: SignInFlow): Transition {
  // A forgotten-PIN flow says the same as for an unknown user (the failure is logged).
  if (flow.state === 'RECOVERY_CODE_REQUIRED') return { flow, effects: [{ type: 'show_notice', noticeId: 'recovery.sent' }] };
  return { flow: { ...flow, state: 'EMAIL_CODE_REQUIRED' }, effects: [{ type: 'show_error', messageId: 'email.delivery_failed' }] };
}

export function resendRequested(flow: SignInFlow, now: Date, limits: SignInLimits): Transition {
  if (flow.emailSends >= limits.emailCode.maxSends) {
    return { flow, effects: [{ type: 'show_error', messageId: 'email.resend_limit' }] };
  }
  const since = flow.lastEmailSentAt ? (now.getTime() - flow.lastEmailSentAt.getTime()) / 1000 : Number.POSITIVE_INFINITY;
  if (since < limits.emailCode.resendCooldownSeconds) {
    return { flow, effects: [{ type: 'show_error', messageId: 'email.resend_wait' }] };
  }
  if (flow.accountId === null) {
    // Nobody to send to (unknown user asking to recover): behave as if a code went out.
    return { flow: { ...flow, emailSends: flow.emailSends + 1, lastEmailSentAt: now }, effects: [{ type: 'show_notice', noticeId: 'email.resent' }] };
  }
  return { flow, effects: [{ type: 'send_email_code', accountId: flow.accountId }] };
}

export function emailCodeChecked(flow: SignInFlow, event: Extract<SignInEvent, { type: 'email_code_checked' }>): Transition {
  if (!event.valid) return failed(flow, event.reason);
  if (flow.totpEnrolment === 'after_email_code') return startTotpEnrolment({ ...flow, factors: [...new Set([...flow.factors, 'otp' as const])] });
  return verified(flow, true, null, ['otp']);
}
