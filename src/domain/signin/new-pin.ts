// New PIN mode: a refused or mismatched PIN returns to the same form with every reason, without
// asking for a new code, until the attempt limit; an accepted one is stored and the sign-in ends.
import type { NewPinVerdict } from './events.ts';
import { restarted, type SignInFlow } from './flow.ts';
import { completed } from './possession.ts';
import type { SignInLimits, Transition } from './transition.ts';

export function newPinSubmitted(flow: SignInFlow, verdict: NewPinVerdict, limits: SignInLimits): Transition {
  if (verdict.kind === 'ok') {
    return completed(flow, [{ type: 'store_new_pin', accountId: flow.accountId! }]);
  }
  const attempts = flow.newPinAttempts + 1;
  if (attempts >= limits.newPinMaxAttempts) {
    return { flow: restarted(flow), effects: [{ type: 'show_error', messageId: 'newpin.too_many_attempts' }] };
  }
  return {
    flow: { ...flow, newPinAttempts: attempts },
    effects: [
      verdict.kind === 'mismatch'
        ? { type: 'show_error', messageId: 'newpin.mismatch' }
        : { type: 'show_error', messageId: 'newpin.refused', violations: verdict.violations },
    ],
  };
}
