// Steps that prove possession of the token (TOTP passcode, tokencode alone, Next Tokencode),
// and what follows a proof: completion, or New PIN mode when the PIN must be set or changed.
import { amrFor, type AuthenticationFactor, type SignInEffect } from './effects.ts';
import type { FailureReason, SignInEvent } from './events.ts';
import type { SignInFlow } from './flow.ts';
import type { SignInLimits, Transition } from './transition.ts';

export function failed(flow: SignInFlow, reason: FailureReason | null): Transition {
  return {
    flow,
    effects: [
      { type: 'record_failure', accountId: flow.accountId, reason: reason ?? 'unknown_user' },
      { type: 'show_error', messageId: 'signin.failed' },
    ],
  };
}

export function passcodeChecked(flow: SignInFlow, event: Extract<SignInEvent, { type: 'passcode_checked' }>, limits: SignInLimits): Transition {
  if (!event.valid || flow.accountId === null) return failed(flow, event.reason);
  // A passcode that carried a new PIN changes the PIN now, due or not (a first PIN stays one).
  if (event.newPinOffered && flow.pinDemand === 'none') flow = { ...flow, pinDemand: 'change' };
  // RSA's Next Tokencode mode: after earlier failures, a right passcode must be followed by
  // the next code, which someone who only saw one code cannot know.
  if (limits.nextTokencodeAfter > 0 && event.failuresBefore >= limits.nextTokencodeAfter) {
    return {
      flow: { ...flow, state: 'NEXT_TOKENCODE_REQUIRED', factors: ['pin', 'otp'] },
      effects: [{ type: 'show_notice', noticeId: 'signin.next_tokencode' }],
    };
  }
  return verified(flow, true, null, ['pin', 'otp']);
}

export function nextTokencodeChecked(flow: SignInFlow, event: Extract<SignInEvent, { type: 'next_tokencode_checked' }>): Transition {
  if (!event.valid) return failed(flow, event.reason);
  return afterPossession(flow);
}

export function verified(flow: SignInFlow, valid: boolean, reason: FailureReason | null, factors: AuthenticationFactor[]): Transition {
  if (!valid || flow.accountId === null) return failed(flow, reason);
  return afterPossession({ ...flow, factors: [...new Set([...flow.factors, ...factors])] });
}

/** Possession is proven: complete, or enter New PIN mode. */
export function afterPossession(flow: SignInFlow): Transition {
  const accountId = flow.accountId!;
  const proven = { ...flow, emailCodes: [] };
  if (flow.pinDemand === 'none') return completed(proven);
  if (flow.randomPins) {
    return { flow: { ...proven, state: 'RANDOM_PIN_ISSUED' }, effects: [{ type: 'issue_random_pin', accountId, delivery: flow.randomPinDelivery }] };
  }
  return { flow: { ...proven, state: 'NEW_PIN_REQUIRED', newPinAttempts: 0 }, effects: [] };
}

/** The sign-in succeeds; `commits` (storing a PIN) run after the success is recorded. */
export function completed(flow: SignInFlow, commits: readonly SignInEffect[] = []): Transition {
  const accountId = flow.accountId!;
  return {
    flow: { ...flow, state: 'COMPLETED', emailCodes: [] },
    effects: [
      { type: 'record_success', accountId },
      ...commits,
      { type: 'complete_signin', accountId, amr: amrFor(flow.factors) },
    ],
  };
}
