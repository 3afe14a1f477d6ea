// New PIN mode: a refused or mismatched PIN returns to the same form with every reason, without
// asking for a new code, until the attempt limit; an accepted one is stored and the sign-in ends.
// The validate API asks in two answers: the first is judged by the policy and kept as a keyed
// hash (new_pin_entered_once), the second must repeat it (new_pin_submitted).
import type { NewPinVerdict, SignInEvent } from './events.ts';
import { restarted, type SignInFlow } from './flow.ts';
import { completed } from './possession.ts';
import type { SignInLimits, Transition } from './transition.ts';

export function newPinSubmitted(flow: SignInFlow, verdict: NewPinVerdict, limits: SignInLimits): Transition {
  if (verdict.kind === 'ok') {
    return completed({ ...flow, pendingNewPinHash: null }, [{ type: 'store_new_pin', accountId: flow.accountId! }]);
  }
  return refusedNewPin(flow, verdict, limits);
}

export function newPinEnteredOnce(flow: SignInFlow, event: Extract<SignInEvent, { type: 'new_pin_entered_once' }>, limits: SignInLimits): Transition {
  if (event.verdict.kind === 'ok') {
    return { flow: { ...flow, pendingNewPinHash: event.hash }, effects: [{ type: 'show_notice', noticeId: 'newpin.enter_again' }] };
  }
  return refusedNewPin(flow, event.verdict, limits);
}

function refusedNewPin(flow: SignInFlow, verdict: Exclude<NewPinVerdict, { kind: 'ok' }>, limits: SignInLimits): Transition {
  const attempts = flow.newPinAttempts + 1;
  if (attempts >= limits.newPinMaxAttempts) {
    return { flow: restarted(flow), effects: [{ type: 'show_error', messageId: 'newpin.too_many_attempts' }] };
  }
  return {
    flow: { ...flow, newPinAttempts: attempts, pendingNewPinHash: null },
    effects: [
      verdict.kind === 'mismatch'
        ? { type: 'show_error', messageId: 'newpin.mismatch' }
        : { type: 'show_error', messageId: 'newpin.refused', violations: verdict.violations },
    ],
  };
}
