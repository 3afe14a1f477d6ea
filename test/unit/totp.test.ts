// TOTP verification at fixed times: the RFC 6238 appendix B vectors for SHA1/SHA256/SHA512
// with 8 digits, 6-digit codes, the drift window, and the replay floor (afterTimeStep).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { base32Of, checkTotp, isAcceptableTotpSecret, totpAt, type TotpAlgorithm } from '../../src/security/totp.ts';


const none = { behind: 0, ahead: 0 };
const one = { behind: 1, ahead: 1 };
const defaults = { behind: 1, ahead: 0 };

const seeds: Record<TotpAlgorithm, string> = {
  SHA1: base32Of(Buffer.from('12345678901234567890')),
  SHA256: base32Of(Buffer.from('12345678901234567890123456789012')),
  SHA512: base32Of(Buffer.from('1234567890123456789012345678901234567890123456789012345678901234')),
};

// RFC 6238, Appendix B.
const vectors: ReadonlyArray<[number, string, string, string]> = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('RFC 6238 test vectors (8 digits, 30 s)', () => {
  for (const [seconds, sha1, sha256, sha512] of vectors) {
    for (const [algorithm, expected] of [['SHA1', sha1], ['SHA256', sha256], ['SHA512', sha512]] as const) {
      test(`${algorithm} at T=${seconds} is ${expected}`, async () => {
        const at = new Date(seconds * 1000);
        const parameters = { algorithm, digits: 8 as const, period: 30 };
        assert.equal(await totpAt(seeds[algorithm], parameters, at), expected);
        const check = await checkTotp(seeds[algorithm], expected, parameters, at, none, null);
        assert.deepEqual(check, { valid: true, timeStep: Math.floor(seconds / 30) });
      });
    }
  }
});

describe('6-digit codes and the drift window', () => {
  const at = new Date(1_700_000_000_000);
  const parameters = { algorithm: 'SHA1' as const, digits: 6 as const, period: 30 };
  const step = Math.floor(at.getTime() / 1000 / 30);
  const codeAt = (offset: number) => totpAt(seeds.SHA1, parameters, new Date(at.getTime() + offset * 30_000));

  test('a 6-digit code is the last 6 digits of the 8-digit one', async () => {
    const eight = await totpAt(seeds.SHA1, { ...parameters, digits: 8 }, at);
    assert.equal(await codeAt(0), eight.slice(2));
  });

  test('window 1 accepts the previous and next step, reporting which', async () => {
    assert.deepEqual(await checkTotp(seeds.SHA1, await codeAt(-1), parameters, at, one, null), { valid: true, timeStep: step - 1 });
    assert.deepEqual(await checkTotp(seeds.SHA1, await codeAt(1), parameters, at, one, null), { valid: true, timeStep: step + 1 });
  });

  test('the default window accepts the previous step but not the next: a code lives 60 s', async () => {
    assert.deepEqual(await checkTotp(seeds.SHA1, await codeAt(-1), parameters, at, defaults, null), { valid: true, timeStep: step - 1 });
    assert.deepEqual(await checkTotp(seeds.SHA1, await codeAt(0), parameters, at, defaults, null), { valid: true, timeStep: step });
    assert.deepEqual(await checkTotp(seeds.SHA1, await codeAt(1), parameters, at, defaults, null), { valid: false });
    assert.deepEqual(await checkTotp(seeds.SHA1, await codeAt(-2), parameters, at, defaults, null), { valid: false });
  });

  test('window 1 refuses two steps away; window 0 refuses one step away', async () => {
    assert.deepEqual(await checkTotp(seeds.SHA1, await codeAt(-2), parameters, at, one, null), { valid: false });
    assert.deepEqual(await checkTotp(seeds.SHA1, await codeAt(2), parameters, at, one, null), { valid: false });
    assert.deepEqual(await checkTotp(seeds.SHA1, await codeAt(-1), parameters, at, none, null), { valid: false });
  });

  test('afterTimeStep refuses the step already used and earlier ones, as replays', async () => {
    assert.deepEqual(await checkTotp(seeds.SHA1, await codeAt(0), parameters, at, one, step), { valid: false, replayed: true });
    assert.deepEqual(await checkTotp(seeds.SHA1, await codeAt(-1), parameters, at, one, step), { valid: false, replayed: true });
    assert.deepEqual(await checkTotp(seeds.SHA1, '000000', parameters, at, one, step), { valid: false }, 'a wrong code is no replay');
    assert.deepEqual(await checkTotp(seeds.SHA1, await codeAt(1), parameters, at, one, step), { valid: true, timeStep: step + 1 });
  });

  test('malformed codes are refused without throwing', async () => {
    for (const code of ['', '12345', '1234567', 'abcdef', '12 456', '١٢٣٤٥٦']) {
      assert.deepEqual(await checkTotp(seeds.SHA1, code, parameters, at, one, null), { valid: false }, code);
    }
  });

  test('an 8-digit token refuses a 6-digit code', async () => {
    const eight = { ...parameters, digits: 8 as const };
    const code = await totpAt(seeds.SHA1, eight, at);
    assert.deepEqual(await checkTotp(seeds.SHA1, code.slice(2), eight, at, none, null), { valid: false });
  });
});

test('isAcceptableTotpSecret: base32 of at least 16 bytes', () => {
  assert.equal(isAcceptableTotpSecret(seeds.SHA1), true);
  assert.equal(isAcceptableTotpSecret('JBSWY3DPEHPK3PXP'), false, '10 bytes is below RFC 4226 minimum');
  assert.equal(isAcceptableTotpSecret('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'), true);
  assert.equal(isAcceptableTotpSecret('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ1'), false, '1 is not base32');
  assert.equal(isAcceptableTotpSecret(''), false);
});
