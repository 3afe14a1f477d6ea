// What a helpdesk sees about an account: identity, PIN state, lockout, tokens. Never a hash or
// a secret.
import { isLocked } from '../../domain/lockout.ts';
import { pinExpiryStatus, type PinExpiryStatus } from '../../domain/pin-policy/index.ts';
import { policyFor } from '../pin/policies.ts';
import type { AdminDependencies } from './dependencies.ts';
import { requireAccount } from './find-account.ts';

export interface AccountView {
  readonly id: string;
  readonly username: string;
  readonly displayName: string | null;
  readonly email: string | null;
  readonly groups: readonly string[];
  readonly status: string;
  readonly pin: { readonly state: string; readonly changedAt: Date | null; readonly expiry: PinExpiryStatus | null; readonly graceUntil: Date | null };
  readonly lockout: { readonly locked: boolean; readonly failures: number; readonly lockedAt: Date | null; readonly lockedUntil: Date | null };
  readonly tokens: ReadonlyArray<{ readonly serial: string; readonly type: string; readonly state: string; readonly algorithm?: string; readonly digits?: number; readonly period?: number; readonly createdAt: Date }>;
  readonly createdAt: Date;
}

export async function showAccount(deps: AdminDependencies, username: string): Promise<AccountView> {
  const account = await requireAccount(deps.accounts, username);
  const now = deps.clock.now();
  const policy = policyFor(deps.policies, account.groups);
  const tokens = await deps.tokens.listForAccount(account.id);
  return {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    email: account.email,
    groups: account.groups,
    status: account.status,
    pin: {
      state: account.pin.state,
      changedAt: account.pin.changedAt,
      expiry: account.pin.changedAt ? pinExpiryStatus(account.pin.changedAt, now, policy, account.pin.graceUntil) : null,
      graceUntil: account.pin.graceUntil,
    },
    lockout: { locked: isLocked(account.lockout, now, deps.lockout.maxFailures), ...account.lockout },
    tokens: tokens.map((t) => ({
      serial: t.serial,
      type: t.type,
      state: t.state,
      ...(t.type === 'totp' ? { algorithm: t.algorithm, digits: t.digits, period: t.period } : {}),
      createdAt: t.createdAt,
    })),
    createdAt: account.createdAt,
  };
}
