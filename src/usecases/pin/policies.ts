// The configured PIN policies and the one that applies to an account (strictest of its groups').
import { effectivePinPolicy, type PinPolicy } from '../../domain/pin-policy/index.ts';

export interface PinPolicies {
  readonly global: PinPolicy;
  readonly groups: Readonly<Record<string, Partial<PinPolicy>>>;
}

export const policyFor = (policies: PinPolicies, groups: readonly string[]): PinPolicy =>
  effectivePinPolicy(groups, policies.global, policies.groups);

/** Every PIN anyone may have is digits: the global policy and every group's are numeric. Pages
 * shown before an account is proven use this (the same for every username) for a numeric keypad. */
export const everyPolicyIsNumeric = (policies: PinPolicies): boolean =>
  [policies.global, ...Object.keys(policies.groups).map((group) => policyFor(policies, [group]))].every((policy) => policy.complexity === 'numeric');
