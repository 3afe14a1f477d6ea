// The SQLite stores' conditional operations under real concurrency: four threads, each with its
// own connection to one file (as provider processes have), start at one barrier and race. Within
// one connection node:sqlite runs statements one at a time, so only separate connections can show
// that the file's locks, not this process's event loop, keep the invariants.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { newSignInFlow } from '../../src/domain/signin/flow.ts';
import { createSecretBox } from '../../src/security/secret-box.ts';
import { openSqliteStorage } from '../../src/storage/sqlite/index.ts';
import { systemClock } from '../../src/usecases/ports.ts';
import type { RaceInput, RaceOutput } from '../support/sqlite-racer.ts';

const WORKERS = 4;

test('four connections racing on one file: one lock, one time step, one enrolment code, one PIN, one flow save, exact rate limits', async () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'pingate-race-'));
  try {
    const file = path.join(folder, 'pingate.db');
    const storage = openSqliteStorage({ file, secretBox: createSecretBox(randomBytes(32)), clock: systemClock, rateLimit: { windowSeconds: 60, perIp: 1, perUsername: 1, adminPerClient: 1, recoveryEmailsPerHour: 1, clientAuthFailures: 1, validatePerCaller: 100 }, durable: false });
    const now = new Date();
    const account = await storage.accounts.create({ username: 'racer', email: null, displayName: null, groups: [] }, now);
    await storage.accounts.replacePin(account.id, { hash: 'h0', state: 'SET', changedAt: now, history: [], graceUntil: null }, null);
    await storage.accounts.setEnrolmentCode(account.id, 'enrolment-hash', new Date(now.getTime() + 60_000));
    const token = await storage.tokens.create({ id: randomUUID(), serial: 'RACE1', accountId: account.id, type: 'totp', sealedSecret: 'v1.x', algorithm: 'SHA1', digits: 6, period: 30 }, now);
    const flow = await storage.flows.create(newSignInFlow(randomUUID(), 'csrf', now, 600));

    const barrier = new SharedArrayBuffer(4);
    const outputs = await Promise.all(
      Array.from({ length: WORKERS }, (_, index) => {
        const input: RaceInput = { file, barrier, workers: WORKERS, index, accountId: account.id, tokenId: token.id, flowId: flow.id, now: now.getTime() };
        const worker = new Worker(new URL('../support/sqlite-racer.ts', import.meta.url), { workerData: input });
        return new Promise<RaceOutput>((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
        });
      }),
    );
    const wins = (key: Exclude<keyof RaceOutput, 'failures'>) => outputs.flatMap((o) => o[key]).filter(Boolean).length;

    const stored = (await storage.accounts.findById(account.id))!;
    assert.equal(stored.lockout.failures, 5, '100 failures: the count stops at the limit');
    assert.equal(outputs.flatMap((o) => o.failures).filter((f) => f.lockedNow).length, 1, 'exactly one failure took the lock');
    assert.equal(wins('steps'), 1, 'a time step is accepted once');
    assert.equal(wins('codes'), 1, 'an enrolment code is used once');
    assert.equal(wins('pins'), 1, 'of PIN changes over the same hash one wins');
    assert.equal(wins('saves'), 1, 'a flow version is saved once');
    assert.equal(wins('limits'), 7, '40 submissions for one username: exactly 7 within the limit');
    await storage.close();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
