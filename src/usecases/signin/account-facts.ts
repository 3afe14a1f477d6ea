// What the state machine needs to know about the account behind a username.
import { pinDemand } from '../../domain/pin-lifecycle.ts';
import type { AccountFacts } from '../../domain/signin/events.ts';
import { policyFor } from '../pin/policies.ts';
import type { SignInDependencies } from './dependencies.ts';
import { DECOY_ACCOUNT_ID } from './decoy.ts';

export async function accountFacts(deps: SignInDependencies, username: string): Promise<AccountFacts | null> {
  const account = await deps.accounts.findByUsername(username);
  // An unknown username reads a token too, the decoy's (none): the same work as a known one.
  const token = await deps.tokens.findActiveForAccount(account?.id ?? DECOY_ACCOUNT_ID);
  if (!account) return null;
  const policy = policyFor(deps.policies, account.groups);
  return {
    id: account.id,
    status: account.status,
    tokenType: token?.type ?? null,
    hadToken: account.hadToken,
    pinDemand: pinDemand(account.pin, policy, deps.clock.now()).kind,
    randomPins: policy.forceRandomPins,
    // A PIN the policy says to email is shown on screen when the account cannot receive email.
    randomPinDelivery: policy.randomPinDelivery === 'email' && deps.notifier.canEmail(account) ? 'email' : 'screen',
    hasEmail: deps.notifier.canEmail(account),
    totpSelfEnrolment: deps.selfService.totpEnrolment,
    pinRecovery:
      deps.notifier.canEmail(account) && (token?.type === 'totp' || (token?.type === 'email' && deps.selfService.pinRecoveryWithEmailOnly)),
  };
}
