// An administrator's PIN reset: the account goes to NOT_SET (the user sets a PIN at the next
// sign-in after proving possession of the token), or — when random PINs are forced — gets a
// server-generated PIN in CHANGE_FORCED, returned once so it can be handed to the user.
import { generatePinFor, storePin } from '../pin/new-pin.ts';
import { policyFor } from '../pin/policies.ts';
import { auditAdmin } from './audit.ts';
import type { AdminDependencies } from './dependencies.ts';
import { requireAccount } from './find-account.ts';
import { endSessions } from '../sessions/end-sessions.ts';

export type PinResetResult = { readonly state: 'NOT_SET' } | { readonly state: 'CHANGE_FORCED'; readonly randomPin: string };

export async function resetPin(deps: AdminDependencies, username: string): Promise<PinResetResult> {
  const account = await requireAccount(deps.accounts, username);
  const policy = policyFor(deps.policies, account.groups);
  const now = deps.clock.now();
  if (policy.forceRandomPins) {
    const randomPin = await generatePinFor(deps.hasher, account, policy);
    await storePin(deps.accounts, deps.hasher, account, randomPin, policy, 'CHANGE_FORCED', now);
    await auditAdmin(deps, 'pin.reset', account, { state: 'CHANGE_FORCED', random: true });
    await endSessions(deps, account, 'pinReset', deps.actor);
    return { state: 'CHANGE_FORCED', randomPin };
  }
  await deps.accounts.clearPin(account.id, now);
  await auditAdmin(deps, 'pin.reset', account, { state: 'NOT_SET', random: false });
  await endSessions(deps, account, 'pinReset', deps.actor);
  return { state: 'NOT_SET' };
}
