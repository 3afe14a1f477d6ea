// argon2id PIN hashing: round trip, PHC format, salting, and refusal of malformed hashes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPinHasher } from '../../src/security/pin-hasher.ts';

const hasher = createPinHasher({ memoryKiB: 19456, passes: 2, parallelism: 1 });

test('a hash verifies its PIN and refuses others', async () => {
  const hash = await hasher.hash('7204');
  assert.equal(await hasher.verify(hash, '7204'), true);
  assert.equal(await hasher.verify(hash, '7205'), false);
  assert.equal(await hasher.verify(hash, ''), false);
  assert.equal(await hasher.verify(hash, '72040'), false);
});

test('the hash is an argon2id PHC string with the configured parameters and no clear PIN', async () => {
  const hash = await hasher.hash('Secret#9');
  assert.match(hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  assert.ok(!hash.includes('Secret#9'));
});

test('two hashes of one PIN differ (random salt) and both verify', async () => {
  const [a, b] = await Promise.all([hasher.hash('7204'), hasher.hash('7204')]);
  assert.notEqual(a, b);
  assert.equal(await hasher.verify(a, '7204'), true);
  assert.equal(await hasher.verify(b, '7204'), true);
});

test('parameters travel with the hash: a hash made with other parameters still verifies', async () => {
  const cheap = createPinHasher({ memoryKiB: 4096, passes: 1, parallelism: 1 });
  const hash = await cheap.hash('135790');
  assert.match(hash, /m=4096,t=1,p=1/);
  assert.equal(await hasher.verify(hash, '135790'), true);
});

test('Unicode PINs are normalised (NFC) before hashing', async () => {
  const hash = await hasher.hash('caf\u00e9');
  assert.equal(await hasher.verify(hash, 'cafe\u0301'), true);
});

test('malformed or foreign hashes never verify', async () => {
  for (const bad of ['', 'plain', '$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaA', '$2b$10$abcdefghijklmnopqrstuu']) {
    assert.equal(await hasher.verify(bad, 'plain'), false, bad);
  }
});

test('verifyDummy always answers false and costs about what a real verification costs', async () => {
  const hash = await hasher.hash('7204');
  await hasher.verifyDummy('warm-up');
  const time = async (fn: () => Promise<unknown>) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < 5; i++) await fn();
    return Number(process.hrtime.bigint() - start) / 5e6;
  };
  const real = await time(() => hasher.verify(hash, '0000'));
  const dummy = await time(() => hasher.verifyDummy('0000'));
  assert.equal(await hasher.verifyDummy('7204'), false);
  assert.ok(dummy > real / 3 && dummy < real * 3, `dummy ${dummy.toFixed(1)} ms vs real ${real.toFixed(1)} ms`);
});
