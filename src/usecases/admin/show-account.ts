// What a helpdesk sees about an account: identity, PIN state and expiry, lockout, tokens.
// Never a hash or a secret.
import { pinExpiryStatus } from '../../domain/pin-policy/index.ts';
import { policyFor } from '../pin/policies.ts';
import type { AdminDependencies } from './dependencies.ts';
import { requireAccount } from './find-account.ts';
import { accountJson, tokenJson } from './representations.ts';

export async function showAccount(deps: AdminDependencies, username: string) {
  const account = await requireAccount(deps.accounts, username);
  const now = deps.clock.now();
  const policy = policyFor(deps.policies, account.groups);
  const summary = accountJson(account, now, deps.lockout);
  return {
    ...summary,
    pin: {
      ...summary.pin,
      expiry: account.pin.changedAt ? pinExpiryStatus(account.pin.changedAt, now, policy, account.pin.graceUntil) : null,
      graceUntil: account.pin.graceUntil,
    },
    tokens: (await deps.tokens.listForAccount(account.id)).map(tokenJson),
  };
}

