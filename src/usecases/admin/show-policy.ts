// The effective PIN policy — global, of a group, or of an account — with the text users see.
import { describePinPolicy, describePinPolicyRules, type PinPolicy } from '../../domain/pin-policy/index.ts';
import { policyFor } from '../pin/policies.ts';
import type { AdminDependencies } from './dependencies.ts';
import { requireAccount } from './find-account.ts';

export interface PolicyView {
  readonly policy: PinPolicy;
  readonly description: string;
  readonly rules: readonly string[];
}

export async function showPolicy(deps: AdminDependencies, target: { group?: string | undefined; username?: string | undefined } = {}): Promise<PolicyView> {
  const groups = target.username ? (await requireAccount(deps.accounts, target.username)).groups : target.group ? [target.group] : [];
  const policy = policyFor(deps.policies, groups);
  return { policy, description: describePinPolicy(policy), rules: describePinPolicyRules(policy) };
}
