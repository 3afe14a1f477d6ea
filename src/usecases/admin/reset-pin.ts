// A helpdesk's PIN reset: the account goes to NOT_SET (the user sets a PIN at the next sign-in
// after proving possession of the token), or gets a generated temporary PIN in CHANGE_FORCED
// (it works once, with the tokencode, and leads to New PIN mode): returned once so it can be
// handed to the user, or emailed instead (then nobody but the mailbox sees it). When the policy
// forces random PINs a reset always generates one. Nobody chooses the PIN here.
import { DomainError } from '../../domain/errors.ts';
import { generatePinFor, storePin } from '../pin/new-pin.ts';
import { policyFor } from '../pin/policies.ts';
import { auditAdmin } from './audit.ts';
import type { AdminDependencies } from './dependencies.ts';
import { requireManageableAccount } from './find-account.ts';
import { endSessions } from '../sessions/end-sessions.ts';

export type PinResetResult =
  | { readonly state: 'NOT_SET' }
  | { readonly state: 'CHANGE_FORCED'; readonly randomPin: string }
  | { readonly state: 'CHANGE_FORCED'; readonly emailed: true };

export interface PinResetOptions {
  /** Give the user a generated temporary PIN, returned ('show') or emailed to the account's
   * address ('email'), instead of none. */
  readonly temporaryPin?: 'show' | 'email' | undefined;
}

export async function resetPin(deps: AdminDependencies, username: string, options: PinResetOptions = {}): Promise<PinResetResult> {
  const account = await requireManageableAccount(deps, username);
  const policy = policyFor(deps.policies, account.groups);
  const now = deps.clock.now();
  const email = options.temporaryPin === 'email';
  if (policy.forceRandomPins || options.temporaryPin) {
    // Checked before anything changes: a PIN nobody can be told would lock the user out.
    if (email && !deps.notifier.canEmail(account)) {
      throw new DomainError('invalid_input', `${account.username} has no email address, or email is not configured: show the PIN instead`, { fields: { email: 'unavailable' }, messageId: 'console.no_email' });
    }
    const randomPin = await generatePinFor(deps.hasher, account, policy);
    await storePin(deps.accounts, deps.hasher, account, randomPin, policy, 'CHANGE_FORCED', now);
    await auditAdmin(deps, 'pin.reset', account, { state: 'CHANGE_FORCED', random: true, emailed: email });
    await endSessions(deps, account, 'pinReset', deps.actor);
    if (!email) return { state: 'CHANGE_FORCED', randomPin };
    await deps.notifier.randomPin(account, randomPin, { now });
    return { state: 'CHANGE_FORCED', emailed: true };
  }
  await deps.accounts.clearPin(account.id, now);
  await auditAdmin(deps, 'pin.reset', account, { state: 'NOT_SET', random: false });
  await endSessions(deps, account, 'pinReset', deps.actor);
  return { state: 'NOT_SET' };
}
