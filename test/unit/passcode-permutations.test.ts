// readPasscode: the OneSpan passcode permutations in one field, read exactly with the token's
// code length and the policy's PIN lengths, both PIN orders, with a bounded number of readings.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readPasscode, type PermutationRules } from '../../src/domain/passcode-permutations.ts';

const rules = (over: Partial<PermutationRules> = {}): PermutationRules => ({ codeLength: 6, order: 'prepend', hasPin: true, pinLength: { min: 6, max: 8 }, ...over });
const readings = (passcode: string, over: Partial<PermutationRules> = {}) => {
  const parsed = readPasscode(passcode, rules(over));
  return parsed.ok ? parsed.readings.map((r) => [r.permutation, r.pin, r.tokencode, r.newPin]) : parsed.reason;
};

describe('passcode permutations', () => {
  test('pinotp, both orders', () => {
    assert.deepEqual(readings('720435123456'), [['pinotp', '720435', '123456', null]]);
    assert.deepEqual(readings('123456720435', { order: 'append' }), [['pinotp', '720435', '123456', null]]);
    assert.deepEqual(readings('7204123456'), [['pinotp', '7204', '123456', null]], 'an older, shorter PIN is still read');
  });

  test('otp: an account with no PIN gives its code alone', () => {
    assert.deepEqual(readings('123456', { hasPin: false }), [['otp', '', '123456', null]]);
    assert.equal(readings('123456'), 'too_short', 'an account with a PIN must give it');
  });

  test('pinotpnew_pinnew_pin, both orders: the new PIN is the last 2k characters, the same twice', () => {
    assert.deepEqual(readings('720435123456583196583196'), [['pinotpnew_pinnew_pin', '720435', '123456', '583196']]);
    assert.deepEqual(readings('123456720435583196583196', { order: 'append' }), [['pinotpnew_pinnew_pin', '720435', '123456', '583196']]);
    assert.deepEqual(readings('7204351234565831962758319627'), [['pinotpnew_pinnew_pin', '720435', '123456', '58319627']], 'an 8-digit new PIN');
  });

  test('otpnew_pinnew_pin: a code, then the first PIN twice', () => {
    assert.deepEqual(readings('123456583196583196', { hasPin: false }), [['otpnew_pinnew_pin', '', '123456', '583196']]);
    assert.deepEqual(readings('12345678583196583196', { hasPin: false, codeLength: 8 }), [['otpnew_pinnew_pin', '', '12345678', '583196']]);
  });

  test('a new PIN typed differently the second time is no new PIN', () => {
    assert.equal(readings('123456583196583197', { hasPin: false }), 'not_readable');
    assert.equal(readings('720435123456583196583197'), 'not_readable', 'and too long to be a PIN and a code');
  });

  test('an input that reads two ways gives both readings, the one without a new PIN first', () => {
    // 16 characters, PINs of 2 to 10: a 10-character PIN and the code 909090; or the PIN
    // 121234, the code 567890 and the new PIN 90 twice. No other split has equal halves.
    assert.deepEqual(readings('1212345678909090', { pinLength: { min: 2, max: 10 } }), [
      ['pinotp', '1212345678', '909090', null],
      ['pinotpnew_pinnew_pin', '121234', '567890', '90'],
    ]);
  });

  test('the code part must be digits; too short and too long are refused without readings', () => {
    assert.equal(readings('72043512345a'), 'not_readable');
    assert.equal(readings('a23456', { hasPin: false }), 'not_readable');
    assert.equal(readings('12345', { hasPin: false }), 'too_short');
    assert.equal(readings(''), 'too_short');
    assert.equal(readings('7'.repeat(8 + 6 + 16 + 1)), 'too_long');
  });

  test('a 10,000-character input is refused at once, before being split', () => {
    assert.equal(readings('9'.repeat(10_000)), 'too_long');
    assert.equal(readings('😀'.repeat(10_000)), 'too_long');
    assert.deepEqual(readings('9'.repeat(8 + 6 + 16)), [['pinotpnew_pinnew_pin', '99999999', '999999', '99999999']], 'the longest input is still read: 30 characters');
  });

  test('the number of readings is bounded by the policy, whatever the input', () => {
    const bound = 1 + (8 - 6 + 1);
    for (let n = 0; n <= 40; n++) {
      const parsed = readPasscode('1'.repeat(n), rules());
      if (parsed.ok) assert.ok(parsed.readings.length <= bound, `${n}: ${parsed.readings.length}`);
    }
  });

  test('a PIN with other characters than digits, or an emoji, is read whole', () => {
    assert.deepEqual(readings('Ab1!98123456', { pinLength: { min: 6, max: 8 } }), [['pinotp', 'Ab1!98', '123456', null]]);
    assert.deepEqual(readings('72😀4123456'), [['pinotp', '72😀4', '123456', null]]);
  });
});
