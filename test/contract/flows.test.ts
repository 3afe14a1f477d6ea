// The FlowStore contract, on every backend: flows come back as they were saved (dates too),
// expire, and a save succeeds only on the version it read.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { newSignInFlow } from '../../src/domain/signin/flow.ts';
import type { FlowStore } from '../../src/usecases/ports.ts';
import { availableBackends, openTestStorage, type TestStorage } from '../support/backends.ts';
import { SettableClock } from '../support/clock.ts';

for (const kind of availableBackends()) {
  describe(`FlowStore on ${kind}`, () => {
    let opened: TestStorage;
    let flows: FlowStore;
    const clock = new SettableClock();

    before(async () => {
      opened = await openTestStorage(kind, { clock });
      flows = opened.storage.flows;
    });
    after(async () => opened?.close());

    test('a created flow is found as it was, dates included; a second create of the id fails', async () => {
      const flow = {
        ...newSignInFlow(randomUUID(), 'csrf', clock.now(), 600),
        username: 'alice',
        emailCodes: [{ hash: 'h', expiresAt: new Date(clock.now().getTime() + 300_000) }],
        lastEmailSentAt: clock.now(),
      };
      assert.deepEqual(await flows.create(flow), flow, 'a new id keeps the version it was given');
      assert.deepEqual(await flows.find(flow.id), flow);
      await assert.rejects(flows.create(flow));
      assert.equal(await flows.find('no-such-flow'), null);
    });

    test('an expired flow is not found, and its id can start a new flow', async () => {
      const flow = newSignInFlow(randomUUID(), 'csrf', clock.now(), 60);
      await flows.create(flow);
      clock.advanceSeconds(61);
      assert.equal(await flows.find(flow.id), null);
      const again = { ...newSignInFlow(flow.id, 'csrf-2', clock.now(), 60), username: 'again' };
      const stored = await flows.create(again);
      assert.equal(stored.version, 1, 'the new flow continues the version count of the one it replaced');
      assert.deepEqual(await flows.find(flow.id), stored);
      assert.equal(await flows.save(flow), false, 'a request holding the expired flow cannot save over the new one');
      await assert.rejects(flows.create(newSignInFlow(flow.id, 'csrf-3', clock.now(), 60)), 'a live flow is not replaced');
      assert.equal((await flows.find(flow.id))!.csrfToken, 'csrf-2');
    });

    test('of 20 concurrent saves of one version exactly one wins, and the version moves on', async () => {
      const flow = newSignInFlow(randomUUID(), 'csrf', clock.now(), 600);
      await flows.create(flow);
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => flows.save({ ...flow, username: `u${i}` })));
      assert.equal(results.filter(Boolean).length, 1);
      const stored = (await flows.find(flow.id))!;
      assert.equal(stored.version, 1);
      assert.equal(await flows.save(flow), false, 'the old version is refused');
      assert.equal(await flows.save({ ...stored, state: 'PASSCODE_REQUIRED' }), true);
      assert.equal((await flows.find(flow.id))!.state, 'PASSCODE_REQUIRED');
    });
  });
}
