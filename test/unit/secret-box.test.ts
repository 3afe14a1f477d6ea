// AES-256-GCM sealing of token secrets: round trip, binding to the record, tamper detection.
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
  const ciphertext = Buffer.from(parts[3]!, 'base64url');
  ciphertext[0]! ^= 1;
  assert.throws(() => box.open([parts[0], parts[1], parts[2], ciphertext.toString('base64url')].join('.'), 'token:1'));
  assert.throws(() => createSecretBox(randomBytes(32)).open(sealed, 'token:1'));
  assert.throws(() => box.open('garbage', 'token:1'), /malformed/);
});

test('the key must be 32 bytes', () => {
  assert.throws(() => createSecretBox(randomBytes(16)), /32 bytes/);
});
