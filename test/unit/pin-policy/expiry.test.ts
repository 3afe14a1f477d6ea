import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { graceUntilAfterUnlock, pinExpiryStatus, type PinExpiryStatus } from '../../../src/domain/pin-policy/index.ts';
import { basePolicy, policyWith } from './fixtures.ts';

const DAY = 86_400_000;
const changedAt = new Date('2025-03-01T12:00:00Z');
const at = (days: number): Date => new Date(changedAt.getTime() + days * DAY);

describe('pinExpiryStatus (30 days, warn 7 days before)', () => {
  const expiresAt = at(30);
  const cases: ReadonlyArray<[label: string, now: Date, expected: PinExpiryStatus]> = [
    ['just changed', at(0), { kind: 'valid', expiresAt }],
    ['day 22.9', at(22.9), { kind: 'valid', expiresAt }],
    ['exactly 7 days before', at(23), { kind: 'expiring-soon', expiresAt, daysLeft: 7 }],
    ['6.5 days before', at(23.5), { kind: 'expiring-soon', expiresAt, daysLeft: 7 }],
    ['one hour before', new Date(expiresAt.getTime() - 3_600_000), { kind: 'expiring-soon', expiresAt, daysLeft: 1 }],
    ['at expiry', at(30), { kind: 'expired', expiresAt, action: 'force-change' }],
    ['long after', at(400), { kind: 'expired', expiresAt, action: 'force-change' }],
  ];
  for (const [label, now, expected] of cases) {
    it(label, () => {
      assert.deepEqual(pinExpiryStatus(changedAt, now, basePolicy), expected);
    });
  }

  it('expiryDays 0 never expires', () => {
    assert.deepEqual(pinExpiryStatus(changedAt, at(10_000), policyWith({ expiryDays: 0 })), { kind: 'never' });
  });

  it('carries the configured expiry action', () => {
    for (const action of ['force-change', 'lock', 'send-random'] as const) {
      const got = pinExpiryStatus(changedAt, at(31), policyWith({ expiryAction: action }));
      assert.deepEqual(got, { kind: 'expired', expiresAt: at(30), action });
    }
  });

  it('no warning when expiryWarningDays is 0', () => {
    const p = policyWith({ expiryWarningDays: 0 });
    assert.deepEqual(pinExpiryStatus(changedAt, at(29.99), p), { kind: 'valid', expiresAt: at(30) });
  });

  it('grace: expired but before graceUntil', () => {
    const graceUntil = at(33);
    assert.deepEqual(pinExpiryStatus(changedAt, at(32), basePolicy, graceUntil), { kind: 'grace', graceUntil });
  });

  it('grace has ended: expired again', () => {
    assert.deepEqual(pinExpiryStatus(changedAt, at(33), basePolicy, at(33)), {
      kind: 'expired',
      expiresAt: at(30),
      action: 'force-change',
    });
  });

  it('graceUntil does not change a PIN that has not expired, and null means no grace', () => {
    assert.deepEqual(pinExpiryStatus(changedAt, at(1), basePolicy, at(50)), { kind: 'valid', expiresAt: at(30) });
    assert.equal(pinExpiryStatus(changedAt, at(31), basePolicy, null).kind, 'expired');
  });

  it('an invalid date fails closed (expired)', () => {
    assert.equal(pinExpiryStatus(new Date(Number.NaN), at(1), basePolicy).kind, 'expired');
    assert.equal(pinExpiryStatus(changedAt, new Date(Number.NaN), basePolicy).kind, 'expired');
  });
});

describe('graceUntilAfterUnlock', () => {
  it('adds graceDaysAfterUnlock days', () => {
    const unlockedAt = new Date('2025-04-10T08:00:00Z');
    assert.deepEqual(graceUntilAfterUnlock(unlockedAt, basePolicy), new Date('2025-04-13T08:00:00Z'));
  });

  it('is null when graceDaysAfterUnlock is 0', () => {
    assert.equal(graceUntilAfterUnlock(new Date(), policyWith({ graceDaysAfterUnlock: 0 })), null);
  });

  it('an unlock followed by the status gives grace, then expired', () => {
    const unlockedAt = at(40);
    const graceUntil = graceUntilAfterUnlock(unlockedAt, basePolicy);
    assert.equal(pinExpiryStatus(changedAt, at(42), basePolicy, graceUntil).kind, 'grace');
    assert.equal(pinExpiryStatus(changedAt, at(43.5), basePolicy, graceUntil).kind, 'expired');
  });
});
