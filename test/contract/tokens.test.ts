// The TokenStore contract, on every backend, with the replay guard under concurrency.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { NewTokenRecord, TokenStore } from '../../src/usecases/ports.ts';
import { availableBackends, openTestStorage, uniqueName, type TestStorage } from '../support/backends.ts';

for (const kind of availableBackends()) {
  describe(`TokenStore on ${kind}`, () => {
    let opened: TestStorage;
    let tokens: TokenStore;
    const token = (accountId: string, extra: Partial<NewTokenRecord> = {}): NewTokenRecord => ({
      id: randomUUID(),
      serial: uniqueName('T'),
      accountId,
      type: 'totp',
      sealedSecret: 'v1.sealed',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      ...extra,
    });

    before(async () => {
      opened = await openTestStorage(kind);
      tokens = opened.storage.tokens;
    });
    after(async () => opened?.close());

    test('sealed secrets: listed in id order by pages, email tokens (no secret) left out; replaced only over the value read', async () => {
      // A storage of its own: the list covers every token of the database.
      const own = await openTestStorage(kind);
      try {
        const account = randomUUID();
        const made = [];
        for (let i = 0; i < 5; i += 1) made.push(await own.storage.tokens.create(token(account, { sealedSecret: `v1.seed${i}` }), new Date()));
        await own.storage.tokens.create(token(account, { type: 'email', sealedSecret: null }), new Date());
        const ids = made.map((t) => t.id).sort();
        const first = await own.storage.tokens.listSealed(null, 3);
        const rest = await own.storage.tokens.listSealed(first[2]!.id, 3);
        assert.deepEqual([...first, ...rest].map((t) => t.id), ids);
        assert.equal((await own.storage.tokens.listSealed(ids[4]!, 3)).length, 0);
        const target = made[0]!;
        assert.equal(await own.storage.tokens.replaceSealedSecret(target.id, 'v1.not-what-is-stored', 'v2.x'), false);
        assert.equal(await own.storage.tokens.replaceSealedSecret(target.id, target.sealedSecret!, 'v2.resealed'), true);
        assert.equal((await own.storage.tokens.findBySerial(target.serial))!.sealedSecret, 'v2.resealed');
        assert.equal(await own.storage.tokens.replaceSealedSecret(target.id, target.sealedSecret!, 'v2.again'), false, 'the old value is gone');
      } finally {
        await own.close();
      }
    });

    test('create, find by serial, the newest active and pending, list in order, duplicates refused', async () => {
      const account = randomUUID();
      const first = await tokens.create(token(account), new Date('2026-11-01T00:00:00Z'));
      const second = await tokens.create(token(account, { type: 'email', sealedSecret: null }), new Date('2026-11-02T00:00:00Z'));
      const pending = await tokens.create(token(account, { state: 'PENDING' }), new Date('2026-11-03T00:00:00Z'));
      assert.deepEqual([first.state, first.lastTimeStep, first.driftSteps], ['ACTIVE', null, 0]);
      assert.deepEqual(await tokens.findBySerial(first.serial), first);
      assert.equal((await tokens.findActiveForAccount(account))!.id, second.id, 'the newest active token');
      assert.equal((await tokens.findPendingForAccount(account))!.id, pending.id);
      assert.deepEqual((await tokens.listForAccount(account)).map((t) => t.id), [first.id, second.id, pending.id]);
      await assert.rejects(tokens.create(token(account, { serial: first.serial }), new Date()), (e: Error & { code?: string }) => e.code === 'duplicate');
    });

    test('state, resync, delete; unknown ids are not_found', async () => {
      const account = randomUUID();
      const t = await tokens.create(token(account), new Date());
      await tokens.setState(t.id, 'DISABLED');
      assert.equal(await tokens.findActiveForAccount(account), null);
      await tokens.resync(t.id, -2, 1234);
      const resynced = (await tokens.findBySerial(t.serial))!;
      assert.deepEqual([resynced.driftSteps, resynced.lastTimeStep], [-2, 1234]);
      await assert.rejects(tokens.setState('nope', 'ACTIVE'), (e: Error & { code?: string }) => e.code === 'not_found');
      await tokens.create(token(account), new Date());
      assert.equal(await tokens.deleteForAccount(account), 2);
      assert.equal(await tokens.delete(t.id), false);
    });

    test('a time step is accepted once, even by 50 concurrent requests; later steps only after it', async () => {
      const t = await tokens.create(token(randomUUID()), new Date());
      const results = await Promise.all(Array.from({ length: 50 }, () => tokens.acceptTimeStep(t.id, 1000)));
      assert.equal(results.filter(Boolean).length, 1);
      assert.equal(await tokens.acceptTimeStep(t.id, 999), false, 'an earlier step');
      assert.equal(await tokens.acceptTimeStep(t.id, 1001), true);
      await tokens.setState(t.id, 'DISABLED');
      assert.equal(await tokens.acceptTimeStep(t.id, 1002), false, 'a disabled token accepts nothing');
    });
  });
}
