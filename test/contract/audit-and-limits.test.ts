// The audit log and the rate limiter, on every backend: events come back newest first with every
// filter, and the limits count per key in one shared window.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { AuditEvent } from '../../src/usecases/audit.ts';
import { availableBackends, openTestStorage, type TestStorage } from '../support/backends.ts';
import { SettableClock } from '../support/clock.ts';

for (const kind of availableBackends()) {
  describe(`AuditLog on ${kind}`, () => {
    let opened: TestStorage;
    const clock = new SettableClock();

    before(async () => {
      opened = await openTestStorage(kind, { clock });
    });
    after(async () => opened?.close());

    test('records come back newest first, filtered by account, event and time, paged', async () => {
      const { audit } = opened.storage;
      const account = { id: randomUUID(), username: 'carol' };
      const event = (name: AuditEvent['event'], withAccount = true): AuditEvent => ({
        event: name,
        outcome: 'success',
        actor: { type: 'operator', id: 'cli:test' },
        account: withAccount ? account : null,
        reason: null,
        ip: '192.0.2.1',
        clientId: null,
        details: { serial: 'T1', selfEnrolled: true, count: 2, nothing: null },
      });
      const start = clock.now();
      await audit.record(event('account.created'));
      clock.advanceSeconds(1);
      await audit.record(event('pin.set'));
      clock.advanceSeconds(1);
      await audit.record(event('signin.failure', false));
      clock.advanceSeconds(1);
      await audit.record(event('account.unlocked'));

      const mine = await audit.query({ accountId: account.id, limit: 10 });
      assert.deepEqual(mine.map((r) => r.event), ['account.unlocked', 'pin.set', 'account.created']);
      assert.deepEqual(mine[0]!.details, { serial: 'T1', selfEnrolled: true, count: 2, nothing: null });
      assert.deepEqual(mine[0]!.account, account);
      assert.ok(mine[0]!.time instanceof Date && typeof mine[0]!.id === 'string');
      assert.deepEqual((await audit.query({ event: 'pin.set', limit: 10 })).map((r) => r.event), ['pin.set']);
      const window = await audit.query({ since: new Date(start.getTime() + 1000), until: new Date(start.getTime() + 3000), limit: 10 });
      assert.deepEqual(window.map((r) => r.event), ['signin.failure', 'pin.set']);
      assert.deepEqual((await audit.query({ accountId: account.id, limit: 1, skip: 1 })).map((r) => r.event), ['pin.set']);
    });
  });

  describe(`SignInRateLimiter on ${kind}`, () => {
    let opened: TestStorage;

    before(async () => {
      opened = await openTestStorage(kind, { rateLimit: { windowSeconds: 60, perIp: 5, perUsername: 3, adminPerClient: 4, clientAuthFailures: 2 } });
    });
    after(async () => opened?.close());

    test('per username, per IP and per API client, each in its own count', async () => {
      const limiter = opened.storage.rateLimiter;
      const ip = `198.51.100.${Math.floor(Math.random() * 200)}`;
      const user = `user-${randomUUID()}`;
      const byUser = [];
      for (let i = 0; i < 4; i++) byUser.push(await limiter.allow(ip, user));
      assert.deepEqual(byUser, [true, true, true, false], 'the fourth submission for one username is over 3');
      assert.equal(await limiter.allow(ip, `other-${randomUUID()}`), true, 'the fifth for the IP is still within 5');
      assert.equal(await limiter.allow(ip, null), false, 'the sixth for the IP is over 5');
      assert.equal(await limiter.allow('203.0.113.9', `other-${randomUUID()}`), true, 'another IP has its own count');
      const admin = [];
      for (let i = 0; i < 5; i++) admin.push(await limiter.allowAdminRequest('svc'));
      assert.deepEqual(admin, [true, true, true, true, false]);
    });

    test('client authentication failures block that client id from that IP, and an IP at ten times the limit; checking does not count', async () => {
      const limiter = opened.storage.rateLimiter;
      const ip = `203.0.113.${Math.floor(Math.random() * 200)}`;
      for (let i = 0; i < 5; i++) assert.equal(await limiter.clientAuthenticationBlocked(ip, 'app'), false, 'checking alone never blocks');
      await limiter.countClientAuthenticationFailure(ip, 'app');
      assert.equal(await limiter.clientAuthenticationBlocked(ip, 'app'), false, 'one failure of 2 allowed');
      await limiter.countClientAuthenticationFailure(ip, 'app');
      assert.equal(await limiter.clientAuthenticationBlocked(ip, 'app'), true, 'two failures reach the limit');
      assert.equal(await limiter.clientAuthenticationBlocked(ip, 'other-app'), false, 'another client id from the same IP is not blocked');
      assert.equal(await limiter.clientAuthenticationBlocked(ip, null), false, 'nor the address as a whole');
      assert.equal(await limiter.clientAuthenticationBlocked('192.0.2.250', 'app'), false, 'the same client id from another IP is not blocked');
      for (let i = 0; i < 18; i++) await limiter.countClientAuthenticationFailure(ip, `guess-${i}`);
      assert.equal(await limiter.clientAuthenticationBlocked(ip, 'other-app'), true, '20 failures across client ids block the address');
      assert.equal(await limiter.clientAuthenticationBlocked(ip, null), true);
    });

    test('concurrent submissions are all counted', async () => {
      const limiter = opened.storage.rateLimiter;
      const results = await Promise.all(Array.from({ length: 20 }, () => limiter.allow(`192.0.2.${Math.floor(Math.random() * 200)}`, 'racer')));
      assert.equal(results.filter(Boolean).length, 3);
    });
  });
}
