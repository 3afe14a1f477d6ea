// PIN states: what a sign-in must do about the PIN, the state of an operator-set PIN, and the
// PIN history kept after a change.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pinDemand, recentPinHashes, stateOfOperatorPin, type PinRecord } from '../../src/domain/pin-lifecycle.ts';
import { isDomainError } from '../../src/domain/errors.ts';
import { policyWith } from './pin-policy/fixtures.ts';

const day = 86_400_000;
const changedAt = new Date('2026-10-01T00:00:00Z');
const pin = (extra: Partial<PinRecord> = {}): PinRecord => ({ hash: 'h0', state: 'SET', changedAt, history: [], graceUntil: null, ...extra });

describe('pinDemand', () => {
  const policy = policyWith({ expiryDays: 30, expiryAction: 'force-change' });
  const rows: Array<[string, PinRecord, Date, ReturnType<typeof pinDemand>['kind'], Partial<Parameters<typeof policyWith>[0]>?]> = [
    ['no PIN', pin({ hash: null, state: 'NOT_SET' }), changedAt, 'set'],
    ['admin reset (NOT_SET with an old hash cleared)', pin({ hash: null, state: 'NOT_SET' }), changedAt, 'set'],
    ['forced change', pin({ state: 'CHANGE_FORCED' }), changedAt, 'change'],
    ['fresh PIN', pin(), new Date(changedAt.getTime() + 29 * day), 'none'],
    ['expired, force-change', pin(), new Date(changedAt.getTime() + 31 * day), 'change'],
    ['expired, lock', pin(), new Date(changedAt.getTime() + 31 * day), 'expired-lock', { expiryAction: 'lock' }],
    ['expired, send-random', pin(), new Date(changedAt.getTime() + 31 * day), 'expired-send-random', { expiryAction: 'send-random' }],
    ['expired, lock, but in the grace period after an unlock', pin({ graceUntil: new Date(changedAt.getTime() + 40 * day) }), new Date(changedAt.getTime() + 35 * day), 'change', { expiryAction: 'lock' }],
    ['expired, lock, grace period over', pin({ graceUntil: new Date(changedAt.getTime() + 40 * day) }), new Date(changedAt.getTime() + 41 * day), 'expired-lock', { expiryAction: 'lock' }],
    ['never expires when expiryDays is 0', pin(), new Date(changedAt.getTime() + 3650 * day), 'none', { expiryDays: 0 }],
  ];
  for (const [name, record, now, expected, overrides] of rows) {
    test(name, () => {
      assert.equal(pinDemand(record, overrides ? policyWith({ expiryDays: 30, ...overrides }) : policy, now).kind, expected);
    });
  }
});

describe('stateOfOperatorPin', () => {
  test('change on first use forces a change unless waived', () => {
    assert.equal(stateOfOperatorPin(policyWith({ changeOnFirstUse: true }), false), 'CHANGE_FORCED');
    assert.equal(stateOfOperatorPin(policyWith({ changeOnFirstUse: true }), true), 'SET');
    assert.equal(stateOfOperatorPin(policyWith({ changeOnFirstUse: false }), false), 'SET');
  });
  test('an operator cannot waive it when the policy locks the rule', () => {
    assert.throws(() => stateOfOperatorPin(policyWith({ changeOnFirstUse: true, changeOnFirstUseLocked: true }), true), (e) => isDomainError(e, 'forbidden'));
    assert.equal(stateOfOperatorPin(policyWith({ changeOnFirstUse: true, changeOnFirstUseLocked: true }), false), 'CHANGE_FORCED');
  });
});

describe('recentPinHashes', () => {
  test('the current PIN first, then the history, at most N', () => {
    assert.deepEqual(recentPinHashes(pin({ hash: 'h3', history: ['h2', 'h1', 'h0'] }), 3), ['h3', 'h2', 'h1']);
    assert.deepEqual(recentPinHashes(pin({ hash: 'h1', history: ['h0'] }), 5), ['h1', 'h0']);
    assert.deepEqual(recentPinHashes(pin({ hash: null, state: 'NOT_SET', history: ['h0'] }), 5), ['h0']);
    assert.deepEqual(recentPinHashes(pin({ hash: 'h1', history: ['h0'] }), 0), []);
  });
});
