// AES-256-GCM sealing of token secrets: round trip, binding to the record, tamper detection, and
// the key ring of a secret-key change (sealed under the current key, opened under a previous one).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { createSecretBox } from '../../src/security/secret-box.ts';

const box = createSecretBox(randomBytes(32));

test('a sealed secret opens with the same associated data', () => {
  const sealed = box.seal('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 'token:1');
  assert.ok(!sealed.includes('GEZDGNBV'));
  assert.equal(box.open(sealed, 'token:1'), 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
});

test('sealing twice gives different ciphertexts (random IV)', () => {
  assert.notEqual(box.seal('x', 'a'), box.seal('x', 'a'));
});

test('a secret moved to another record, a tampered ciphertext or another key does not open', () => {
  const sealed = box.seal('secret', 'token:1');
  assert.throws(() => box.open(sealed, 'token:2'));
  const parts = sealed.split('.');
  const ciphertext = Buffer.from(parts.at(-1)!, 'base64url');
  ciphertext[0]! ^= 1;
  assert.throws(() => box.open([...parts.slice(0, -1), ciphertext.toString('base64url')].join('.'), 'token:1'));
  assert.throws(() => createSecretBox(randomBytes(32)).open(sealed, 'token:1'));
  assert.throws(() => box.open('garbage', 'token:1'), /malformed/);
});

test('the key must be 32 bytes', () => {
  assert.throws(() => createSecretBox(randomBytes(16)), /32 bytes/);
});

test('a new key seals; values sealed under a previous key still open, and say they are not current', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  const before = createSecretBox(oldKey);
  const sealedBefore = before.seal('seed', 'token:7');
  assert.match(sealedBefore, /^v2\.[A-Za-z0-9_-]{12}\./);
  assert.equal(before.isCurrent(sealedBefore), true);

  const during = createSecretBox(newKey, [oldKey]);
  assert.equal(during.open(sealedBefore, 'token:7'), 'seed');
  assert.equal(during.isCurrent(sealedBefore), false);
  const resealed = during.seal(during.open(sealedBefore, 'token:7'), 'token:7');
  assert.equal(during.isCurrent(resealed), true);

  const after = createSecretBox(newKey);
  assert.equal(after.open(resealed, 'token:7'), 'seed');
  assert.throws(() => after.open(sealedBefore, 'token:7'), /not configured/);
});

test('values of the first format (v1, no key id) open under whichever key sealed them, and are never current', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  // v1: "v1.<iv>.<tag>.<ciphertext>", as written before key ids.
  const v1 = createSecretBox(oldKey).seal('seed', 'token:8').split('.');
  const legacy = ['v1', ...v1.slice(2)].join('.');
  const ring = createSecretBox(newKey, [oldKey]);
  assert.equal(ring.open(legacy, 'token:8'), 'seed');
  assert.equal(ring.isCurrent(legacy), false);
  assert.throws(() => createSecretBox(newKey).open(legacy, 'token:8'));
});
