// The configured PIN policies and the one that applies to an account (strictest of its groups').
import { effectivePinPolicy, type PinPolicy } from '../../domain/pin-policy/index.ts';

export interface PinPolicies {
  readonly global: PinPolicy;
  readonly groups: Readonly<Record<string, Partial<PinPolicy>>>;
}

export const policyFor = (policies: PinPolicies, groups: readonly string[]): PinPolicy =>
  effectivePinPolicy(groups, policies.global, policies.groups);
