// Checks, at every use of a session or of a token it led to, that the account still stands
// behind it (see domain/session-validity.ts). Called by the OIDC layer on each authorization
// request that would reuse a session, and on each refresh, userinfo and code exchange.
import { whySignInAgain, type SessionUse, type SignInAgainReason } from '../../domain/session-validity.ts';
import { policyFor, type PinPolicies } from '../pin/policies.ts';
import type { Account, AccountStore, Clock, LockoutLimits } from '../ports.ts';

export interface SessionCheckDependencies {
  readonly accounts: AccountStore;
  readonly policies: PinPolicies;
  readonly clock: Clock;
  readonly lockout: LockoutLimits;
}

export type SessionCheck =
  | { readonly ok: true; readonly account: Account }
  | { readonly ok: false; readonly reason: SignInAgainReason | 'account_unknown' };

export async function checkSessionAccount(deps: SessionCheckDependencies, accountId: string, use: SessionUse): Promise<SessionCheck> {
  const account = await deps.accounts.findById(accountId);
  if (!account) return { ok: false, reason: 'account_unknown' };
  const reason = whySignInAgain(account, use, deps.clock.now(), policyFor(deps.policies, account.groups), deps.lockout);
  return reason ? { ok: false, reason } : { ok: true, account };
}
