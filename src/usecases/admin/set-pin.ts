// An operator sets a known PIN for an account — only when the policy lets operators choose
// PINs, and only a PIN the policy accepts. It must be changed at first use when the policy says
// so (an operator may waive that unless the policy locks the rule).
import { DomainError } from '../../domain/errors.ts';
import { stateOfOperatorPin } from '../../domain/pin-lifecycle.ts';
import { describeViolation, evaluatePinPolicy } from '../../domain/pin-policy/index.ts';
import { recentPinHashes } from '../../domain/pin-lifecycle.ts';
import { matchesAny, storePin } from '../pin/new-pin.ts';
import { policyFor } from '../pin/policies.ts';
import type { PinState } from '../../domain/signin/events.ts';
import { auditAdmin } from './audit.ts';
import type { AdminDependencies } from './dependencies.ts';
import { requireAdministrator, requireManageableAccount } from './find-account.ts';
import { endSessions } from '../sessions/end-sessions.ts';

export interface SetPinOptions {
  /** Let the user keep this PIN instead of changing it at first use (if the policy allows). */
  readonly waiveChangeOnFirstUse?: boolean;
}

export async function setPin(deps: AdminDependencies, username: string, pin: string, options: SetPinOptions = {}): Promise<{ state: PinState }> {
  requireAdministrator(deps, 'set a known PIN');
  const account = await requireManageableAccount(deps, username);
  const policy = policyFor(deps.policies, account.groups);
  if (policy.forceRandomPins) {
    throw new DomainError('forbidden', 'the PIN policy forces random PINs: an operator cannot choose one (use a PIN reset)');
  }
  const state = stateOfOperatorPin(policy, options.waiveChangeOnFirstUse ?? false);
  const now = deps.clock.now();
  const verdict = await evaluatePinPolicy(pin, { username: account.username, now, matchesHistory: matchesAny(deps.hasher, recentPinHashes(account.pin, policy.historyCount)) }, policy);
  if (!verdict.ok) {
    throw new DomainError('invalid_input', `the PIN does not meet the policy: ${verdict.violations.map(describeViolation).join(' ')}`, {
      fields: { pin: verdict.violations.map((v) => v.rule) },
    });
  }
  await storePin(deps.accounts, deps.hasher, account, pin, policy, state, now);
  await auditAdmin(deps, 'pin.set', account, { state });
  // Someone other than the user chose it: whatever was signed in with the old one ends.
  await endSessions(deps, account, 'pinReset', deps.actor);
  return { state };
}
