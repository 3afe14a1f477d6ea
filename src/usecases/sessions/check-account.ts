// Checks, at every use of a session or of a token it led to, that the account still stands
// behind it (see domain/session-validity.ts). Called by the OIDC layer on each authorization
// request that would reuse a session, and on each code exchange, refresh and userinfo call,
// with the account it read for that request.
import { whySignInAgain, type SessionUse, type SignInAgainReason } from '../../domain/session-validity.ts';
import { policyFor, type PinPolicies } from '../pin/policies.ts';
import type { Account, Clock, LockoutLimits } from '../ports.ts';

export interface SessionCheckDependencies {
  readonly policies: PinPolicies;
  readonly clock: Clock;
  readonly lockout: LockoutLimits;
}

/** Why the account must sign in again before this use, or null when it may go on. */
export function judgeSessionAccount(deps: SessionCheckDependencies, account: Account | null, use: SessionUse): SignInAgainReason | 'account_unknown' | null {
  if (!account) return 'account_unknown';
  return whySignInAgain(account, use, deps.clock.now(), policyFor(deps.policies, account.groups), deps.lockout);
}
