// When a session or token no longer stands for its account, and what a stored lockout means.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLocked, lockWindow } from '../../src/domain/lockout.ts';
import { whySignInAgain, type SessionAccount } from '../../src/domain/session-validity.ts';
import { basePolicy } from './pin-policy/fixtures.ts';

const now = new Date('2026-11-23T12:00:00Z');
const limits = { maxFailures: 5, lockSeconds: 600 };
const good: SessionAccount = {
  status: 'ACTIVE',
  lockout: { failures: 0, lockedAt: null, lockedUntil: null, lastFailureAt: null },
  pin: { hash: 'h', state: 'SET', changedAt: new Date('2026-11-20T00:00:00Z'), history: [], graceUntil: null },
  sessionsValidFrom: null,
};
const use = { startedAt: new Date('2026-11-23T11:00:00Z'), interactive: true };
const why = (account: Partial<SessionAccount>, u = use) => whySignInAgain({ ...good, ...account }, u, now, basePolicy, limits);

test('an account in good standing keeps its session', () => {
  assert.equal(why({}), null);
});

test('disabled, locked, or sessions ended after the session began: sign in again', () => {
  assert.equal(why({ status: 'DISABLED' }), 'account_disabled');
  assert.equal(why({ lockout: { failures: 5, lockedAt: now, lockedUntil: new Date(now.getTime() + 1000), lastFailureAt: now } }), 'account_locked');
  assert.equal(why({ sessionsValidFrom: new Date('2026-11-23T11:30:00Z') }), 'sessions_ended');
  assert.equal(why({ sessionsValidFrom: new Date('2026-11-23T10:30:00Z') }), null, 'ended before it began: it stands');
  assert.equal(why({ sessionsValidFrom: new Date('2026-11-23T11:00:00.900Z') }), null, 'the same second: the session that made the change stands');
});

test('a PIN to set or change sends an authorization request to the pages, not a token use', () => {
  const forced = { pin: { ...good.pin, state: 'CHANGE_FORCED' as const } };
  assert.equal(why(forced), 'pin_change_required');
  assert.equal(why(forced, { ...use, interactive: false }), null, 'a refresh is not refused for it');
  assert.equal(why({ pin: { ...good.pin, hash: null, state: 'NOT_SET' } }), 'pin_change_required');
});

test('a count at the limit with no lock set is a lock from the last failure, which ends by itself', () => {
  const stuck = { failures: 5, lockedAt: null, lockedUntil: null, lastFailureAt: new Date(now.getTime() - 60_000) };
  assert.deepEqual(lockWindow(stuck, limits), { since: stuck.lastFailureAt, until: new Date(now.getTime() + 540_000) });
  assert.equal(isLocked(stuck, now, limits), true);
  assert.equal(isLocked(stuck, new Date(now.getTime() + 541_000), limits), false);
  assert.equal(isLocked(stuck, new Date(now.getTime() + 10 ** 9), { maxFailures: 5, lockSeconds: 0 }), true, 'lockSeconds 0: until an unlock');
  assert.equal(isLocked({ ...stuck, failures: 4 }, now, limits), false);
  assert.equal(isLocked({ ...stuck, failures: 4 }, now, { maxFailures: 3, lockSeconds: 600 }), true, 'a lowered limit counts');
});
