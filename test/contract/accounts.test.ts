// The AccountStore contract, on every backend: the same calls give the same answers, and the
// invariants that must hold under concurrency (the failure counter and its lock, a PIN change,
// an enrolment code, an expiry notice) hold.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isLocked } from '../../src/domain/lockout.ts';
import type { PinRecord } from '../../src/domain/pin-lifecycle.ts';
import type { AccountStore } from '../../src/usecases/ports.ts';
import { availableBackends, openTestStorage, uniqueName, type TestStorage } from '../support/backends.ts';

const pin = (hash: string | null, changedAt: Date | null = new Date('2026-11-01T00:00:00Z')): PinRecord => ({
  hash,
  state: hash ? 'SET' : 'NOT_SET',
  changedAt,
  history: hash ? ['older-hash'] : [],
  graceUntil: null,
});

for (const kind of availableBackends()) {
  describe(`AccountStore on ${kind}`, () => {
    let opened: TestStorage;
    let accounts: AccountStore;
    const now = new Date('2026-11-23T12:00:00Z');
    const add = (username = uniqueName('u'), groups: string[] = ['staff']) =>
      accounts.create({ username, email: `${username}@example.com`, displayName: `Name ${username}`, groups }, now);

    before(async () => {
      opened = await openTestStorage(kind);
      accounts = opened.storage.accounts;
    });
    after(async () => opened?.close());

    test('create, find by id and username, duplicates refused', async () => {
      const created = await add('alice', ['staff', 'vpn']);
      assert.equal(created.status, 'ACTIVE');
      assert.equal(created.pin.state, 'NOT_SET');
      assert.deepEqual(created.lockout, { failures: 0, lockedAt: null, lockedUntil: null, lastFailureAt: null });
      assert.deepEqual(await accounts.findById(created.id), created);
      assert.deepEqual(await accounts.findByUsername('alice'), created);
      assert.equal(await accounts.findByUsername('nobody'), null);
      await assert.rejects(add('alice'), (e: Error & { code?: string }) => e.code === 'duplicate');
    });

    test('update, status, delete; unknown ids are not_found', async () => {
      const a = await add();
      await accounts.update(a.id, { email: null, groups: ['ops'] }, now);
      const updated = (await accounts.findById(a.id))!;
      assert.equal(updated.email, null);
      assert.equal(updated.displayName, a.displayName, 'a field left out is kept');
      assert.deepEqual(updated.groups, ['ops']);
      await accounts.setStatus(a.id, 'DISABLED', now);
      assert.equal((await accounts.findById(a.id))!.status, 'DISABLED');
      await assert.rejects(accounts.setStatus('no-such-id', 'ACTIVE', now), (e: Error & { code?: string }) => e.code === 'not_found');
      await assert.rejects(accounts.update('no-such-id', { email: null }, now), (e: Error & { code?: string }) => e.code === 'not_found');
      assert.equal(await accounts.delete(a.id), true);
      assert.equal(await accounts.delete(a.id), false);
      assert.equal(await accounts.findById(a.id), null);
    });

    test('list in username order with paging; search by username prefix, email or name, with a total', async () => {
      const prefix = uniqueName('zz');
      for (const n of ['c', 'a', 'b']) await add(`${prefix}${n}`);
      const page = await accounts.search({ text: prefix.toUpperCase(), limit: 2, skip: 1 });
      assert.equal(page.total, 3);
      assert.deepEqual(page.items.map((a) => a.username), [`${prefix}b`, `${prefix}c`]);
      const byEmail = await accounts.search({ text: `${prefix}a@EXAMPLE`, limit: 10, skip: 0 });
      assert.deepEqual(byEmail.items.map((a) => a.username), [`${prefix}a`]);
      const literal = await accounts.search({ text: '%', limit: 10, skip: 0 });
      assert.equal(literal.total, 0, 'a wildcard character is matched literally');
      const all = await accounts.list({ limit: 1000, skip: 0 });
      assert.deepEqual(all.map((a) => a.username), [...all.map((a) => a.username)].sort());
    });

    test('search within a group: members only, with or without a text, and the total', async () => {
      const group = uniqueName('grp');
      const prefix = uniqueName('yy');
      await add(`${prefix}a`, ['staff', group]);
      await add(`${prefix}b`, ['staff']);
      await add(`${prefix}c`, [group]);
      const members = await accounts.search({ text: '', group, limit: 10, skip: 0 });
      assert.equal(members.total, 2);
      assert.deepEqual(members.items.map((a) => a.username), [`${prefix}a`, `${prefix}c`]);
      const named = await accounts.search({ text: `Name ${prefix}c`, group, limit: 10, skip: 0 });
      assert.deepEqual(named.items.map((a) => a.username), [`${prefix}c`]);
      assert.equal((await accounts.search({ text: `${prefix}b`, group, limit: 10, skip: 0 })).total, 0);
      const paged = await accounts.search({ text: '', group, limit: 1, skip: 1 });
      assert.deepEqual([paged.total, paged.items.map((a) => a.username)], [2, [`${prefix}c`]]);
    });

    test('replacePin only over the expected hash; the history and dates come back', async () => {
      const a = await add();
      assert.equal(await accounts.replacePin(a.id, pin('h1'), 'wrong'), false);
      assert.equal(await accounts.replacePin(a.id, pin('h1'), null), true);
      const results = await Promise.all([accounts.replacePin(a.id, pin('h2'), 'h1'), accounts.replacePin(a.id, pin('h3'), 'h1')]);
      assert.deepEqual(results.filter(Boolean).length, 1, 'of two racing changes one wins');
      const stored = (await accounts.findById(a.id))!.pin;
      assert.ok(stored.hash === 'h2' || stored.hash === 'h3');
      assert.deepEqual(stored.history, ['older-hash']);
      assert.deepEqual(stored.changedAt, new Date('2026-11-01T00:00:00Z'));
      await accounts.clearPin(a.id, now);
      const cleared = (await accounts.findById(a.id))!.pin;
      assert.deepEqual([cleared.hash, cleared.state, cleared.history], [null, 'NOT_SET', ['older-hash']]);
    });

    test('forcePinChange by account, by group and for all: only accounts with a PIN', async () => {
      const group = uniqueName('g');
      const member = await add(uniqueName('m'), [group]);
      const other = await add(uniqueName('o'), ['elsewhere']);
      const noPin = await add(uniqueName('n'), [group]);
      await accounts.replacePin(member.id, pin('hm'), null);
      await accounts.replacePin(other.id, pin('ho'), null);
      assert.equal(await accounts.forcePinChange({ group }, now), 1);
      assert.equal((await accounts.findById(member.id))!.pin.state, 'CHANGE_FORCED');
      assert.equal((await accounts.findById(other.id))!.pin.state, 'SET');
      assert.equal((await accounts.findById(noPin.id))!.pin.state, 'NOT_SET');
      assert.equal(await accounts.forcePinChange({ accountId: other.id }, now), 1);
      const third = await add(uniqueName('t'), ['elsewhere']);
      await accounts.replacePin(third.id, pin('ht'), null);
      const stillSet = (await accounts.list({ limit: 1000, skip: 0 })).filter((a) => a.pin.state === 'SET').length;
      assert.equal(await accounts.forcePinChange({ all: true }, now), stillSet, 'every account with a set PIN, no other');
      assert.equal((await accounts.findById(third.id))!.pin.state, 'CHANGE_FORCED');
      assert.equal((await accounts.findById(noPin.id))!.pin.state, 'NOT_SET');
    });

    test('200 concurrent failures: the count stops at the limit and exactly one locks', async () => {
      const a = await add();
      const results = await Promise.all(Array.from({ length: 200 }, () => accounts.recordFailure(a.id, now, { maxFailures: 5, lockSeconds: 600 })));
      assert.equal(results.filter((r) => r.lockedNow).length, 1);
      const stored = (await accounts.findById(a.id))!.lockout;
      assert.equal(stored.failures, 5);
      assert.deepEqual(stored.lockedAt, now);
      assert.deepEqual(stored.lockedUntil, new Date(now.getTime() + 600_000));
      assert.deepEqual(stored.lastFailureAt, now);
      const limits = { maxFailures: 5, lockSeconds: 600 };
      assert.equal(await accounts.clearFailures(a.id, limits, now), false, 'a success does not count while locked');
      const later = new Date(now.getTime() + 601_000);
      assert.equal(await accounts.clearFailures(a.id, limits, later), true, 'a lock that is over is lifted by a success');
      assert.deepEqual({ ...(await accounts.findById(a.id))!.lockout, lastFailureAt: null }, { failures: 0, lockedAt: null, lockedUntil: null, lastFailureAt: null });
    });

    test('a lock that is over is lifted before the next failure counts; unlock resets and sets grace', async () => {
      const a = await add();
      for (let i = 0; i < 3; i++) await accounts.recordFailure(a.id, now, { maxFailures: 3, lockSeconds: 60 });
      const after = await accounts.recordFailure(a.id, new Date(now.getTime() + 61_000), { maxFailures: 3, lockSeconds: 60 });
      assert.deepEqual([after.failures, after.lockedNow], [1, false]);
      for (let i = 0; i < 3; i++) await accounts.recordFailure(a.id, now, { maxFailures: 3, lockSeconds: 0 });
      assert.equal((await accounts.findById(a.id))!.lockout.lockedUntil, null, 'lockSeconds 0: until unlocked');
      const grace = new Date(now.getTime() + 86_400_000);
      await accounts.unlock(a.id, now, grace);
      const unlocked = (await accounts.findById(a.id))!;
      assert.deepEqual({ ...unlocked.lockout, lastFailureAt: null }, { failures: 0, lockedAt: null, lockedUntil: null, lastFailureAt: null });
      assert.deepEqual(unlocked.pin.graceUntil, grace);
    });

    test('a count at the limit with no lock set (a lowered limit, or a crash between the writes) locks from the last failure and ends by itself', async () => {
      const a = await add();
      for (let i = 0; i < 3; i++) await accounts.recordFailure(a.id, now, { maxFailures: 5, lockSeconds: 60 });
      // The limit is lowered to 3: the count is at it, and no lock time was ever written.
      const lowered = { maxFailures: 3, lockSeconds: 60 };
      const stuck = (await accounts.findById(a.id))!.lockout;
      assert.deepEqual([stuck.failures, stuck.lockedAt], [3, null]);
      assert.equal(isLocked(stuck, now, lowered), true, 'locked from the failure that reached the limit');
      assert.equal(await accounts.clearFailures(a.id, lowered, now), false, 'a success does not count meanwhile');
      assert.deepEqual(await accounts.recordFailure(a.id, new Date(now.getTime() + 10_000), lowered), { failures: 3, lockedNow: false, lockedUntil: null });
      const after = new Date(now.getTime() + 61_000);
      assert.equal(isLocked((await accounts.findById(a.id))!.lockout, after, lowered), false, 'the lock ends lockSeconds after the last failure');
      assert.equal(await accounts.clearFailures(a.id, lowered, after), true);
      assert.equal((await accounts.findById(a.id))!.lockout.failures, 0);
      // And a later failure counts from zero again.
      for (let i = 0; i < 3; i++) await accounts.recordFailure(a.id, after, lowered);
      const stuckAgain = new Date(after.getTime() + 61_000);
      assert.deepEqual(await accounts.recordFailure(a.id, stuckAgain, lowered), { failures: 1, lockedNow: false, lockedUntil: null }, 'a set lock that is over is lifted before counting');
    });

    test('an id that names no account: a failure counts nothing, a read finds nothing', async () => {
      const limits = { maxFailures: 3, lockSeconds: 60 };
      assert.equal(await accounts.findById('decoy-no-such-account'), null);
      const counted = await accounts.recordFailure('decoy-no-such-account', now, limits);
      assert.equal(counted.lockedNow, false);
      assert.equal(counted.lockedUntil, null);
      assert.equal(await accounts.findById('decoy-no-such-account'), null, 'nothing was created');
    });

    test('the mark of a token once enrolled: absent on a new account, then kept for good', async () => {
      const a = await add();
      assert.equal(a.hadToken, false);
      await accounts.markHadToken(a.id);
      await accounts.markHadToken(a.id);
      assert.equal((await accounts.findById(a.id))!.hadToken, true);
      await accounts.update(a.id, { email: null }, now);
      await accounts.clearPin(a.id, now);
      assert.equal((await accounts.findById(a.id))!.hadToken, true, 'other changes keep it');
      await assert.rejects(accounts.markHadToken('no-such-id'), (e: Error & { code?: string }) => e.code === 'not_found');
    });

    test('an enrolment code is used once, even by concurrent sign-ins', async () => {
      const a = await add();
      const expires = new Date(now.getTime() + 3_600_000);
      await accounts.setEnrolmentCode(a.id, 'code-hash', expires);
      assert.deepEqual((await accounts.findById(a.id))!.enrolment, { codeHash: 'code-hash', expiresAt: expires });
      assert.equal(await accounts.consumeEnrolmentCode(a.id, 'other-hash'), false);
      const results = await Promise.all(Array.from({ length: 10 }, () => accounts.consumeEnrolmentCode(a.id, 'code-hash')));
      assert.equal(results.filter(Boolean).length, 1);
      assert.equal((await accounts.findById(a.id))!.enrolment, null);
    });

    test('ending sessions marks the time, never moves it back, and reaches a group or everyone', async () => {
      const group = uniqueName('sg');
      const a = await add(uniqueName('s'), [group]);
      const b = await add(uniqueName('s'), ['other']);
      const later = new Date(now.getTime() + 60_000);
      await accounts.endSessions({ accountId: a.id }, later);
      await accounts.endSessions({ accountId: a.id }, now);
      assert.deepEqual((await accounts.findById(a.id))!.sessionsValidFrom, later, 'an earlier time does not replace a later one');
      assert.equal((await accounts.findById(b.id))!.sessionsValidFrom ?? null, null);
      const evenLater = new Date(now.getTime() + 120_000);
      await accounts.endSessions({ group }, evenLater);
      assert.deepEqual((await accounts.findById(a.id))!.sessionsValidFrom, evenLater);
      assert.equal((await accounts.findById(b.id))!.sessionsValidFrom ?? null, null, 'not a member');
      await accounts.endSessions({ all: true }, evenLater);
      assert.deepEqual((await accounts.findById(b.id))!.sessionsValidFrom, evenLater);
    });

    test('the expiry notice of one PIN is marked once', async () => {
      const a = await add();
      const changedAt = new Date('2026-10-01T00:00:00Z');
      await accounts.replacePin(a.id, pin('hx', changedAt), null);
      const results = await Promise.all(Array.from({ length: 5 }, () => accounts.markExpiryWarned(a.id, changedAt)));
      assert.equal(results.filter(Boolean).length, 1);
      assert.equal(await accounts.markExpiryWarned(a.id, new Date('2026-10-02T00:00:00Z')), false, 'not for another PIN');
      assert.deepEqual((await accounts.findById(a.id))!.pin.expiryWarnedFor, changedAt);
    });
  });
}
