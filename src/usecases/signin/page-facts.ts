// What a sign-in page needs to know beyond the flow itself: the PIN policy text shown on the
// New PIN form before the user types.
import { describePinPolicy, describePinPolicyRules } from '../../domain/pin-policy/index.ts';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import { policyFor } from '../pin/policies.ts';
import type { SignInDependencies } from './dependencies.ts';

export interface PageFacts {
  readonly policySentence: string | null;
  readonly policyRules: readonly string[];
  readonly numericPin: boolean;
}

export async function signInPageFacts(deps: SignInDependencies, flow: SignInFlow): Promise<PageFacts> {
  if (flow.state !== 'NEW_PIN_REQUIRED' || !flow.accountId) return { policySentence: null, policyRules: [], numericPin: false };
  const account = await deps.accounts.findById(flow.accountId);
  const policy = policyFor(deps.policies, account?.groups ?? []);
  return { policySentence: describePinPolicy(policy), policyRules: describePinPolicyRules(policy), numericPin: policy.complexity === 'numeric' };
}
