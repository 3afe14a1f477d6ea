// How accounts and tokens are shown to operators (admin API and CLI alike): never a hash or a
// secret (the one enrolment response that hands a new TOTP secret over does so itself, once).
import { isLocked } from '../../domain/lockout.ts';
import type { LockoutLimits } from '../../domain/lockout.ts';
import type { Account, TokenRecord } from '../ports.ts';

export function accountJson(account: Account, now: Date, limits: LockoutLimits) {
  return {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    email: account.email,
    groups: account.groups,
    status: account.status,
    pin: { state: account.pin.state, changedAt: account.pin.changedAt },
    lockout: { locked: isLocked(account.lockout, now, limits), failures: account.lockout.failures, lockedAt: account.lockout.lockedAt, lockedUntil: account.lockout.lockedUntil },
    createdAt: account.createdAt,
  };
}

export function tokenJson(token: TokenRecord) {
  return {
    serial: token.serial,
    type: token.type,
    state: token.state,
    ...(token.type === 'totp' ? { algorithm: token.algorithm, digits: token.digits, period: token.period, driftSteps: token.driftSteps } : {}),
    createdAt: token.createdAt,
  };
}
