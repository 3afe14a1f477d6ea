// splitPasscode: the PIN and tokencode parts of a one-field passcode, both orders.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitPasscode } from '../../src/domain/passcode.ts';

const cases = [
  { name: 'prepend: PIN then 6-digit code', input: '7204123456', digits: 6, order: 'prepend', expected: { ok: true, pin: '7204', tokencode: '123456' } },
  { name: 'append: 6-digit code then PIN', input: '1234567204', digits: 6, order: 'append', expected: { ok: true, pin: '7204', tokencode: '123456' } },
  { name: 'prepend with an 8-digit code', input: 'Ab1!9876543210', digits: 8, order: 'prepend', expected: { ok: true, pin: 'Ab1!98', tokencode: '76543210' } },
  { name: 'append with an 8-digit code', input: '76543210Ab1!98', digits: 8, order: 'append', expected: { ok: true, pin: 'Ab1!98', tokencode: '76543210' } },
  { name: 'a PIN of digits is split by length, not content', input: '99999999123456', digits: 6, order: 'prepend', expected: { ok: true, pin: '99999999', tokencode: '123456' } },
  { name: 'only a code: too short when a PIN is required', input: '123456', digits: 6, order: 'prepend', expected: { ok: false, reason: 'too_short' } },
  { name: 'shorter than the code', input: '12345', digits: 6, order: 'append', expected: { ok: false, reason: 'too_short' } },
  { name: 'empty', input: '', digits: 6, order: 'prepend', expected: { ok: false, reason: 'too_short' } },
  { name: 'code part not numeric (prepend)', input: '72041234a6', digits: 6, order: 'prepend', expected: { ok: false, reason: 'tokencode_not_numeric' } },
  { name: 'code part not numeric (append)', input: '12345x7204', digits: 6, order: 'append', expected: { ok: false, reason: 'tokencode_not_numeric' } },
  { name: 'an emoji in the PIN is one character', input: '72😀4123456', digits: 6, order: 'prepend', expected: { ok: true, pin: '72😀4', tokencode: '123456' } },
] as const;

for (const c of cases) {
  test(`splitPasscode — ${c.name}`, () => {
    assert.deepEqual(splitPasscode(c.input, c.digits, c.order), c.expected);
  });
}

test('splitPasscode — minPinLength 0 accepts a code alone (no PIN set yet)', () => {
  assert.deepEqual(splitPasscode('123456', 6, 'prepend', 0), { ok: true, pin: '', tokencode: '123456' });
  assert.deepEqual(splitPasscode('123456', 6, 'append', 0), { ok: true, pin: '', tokencode: '123456' });
});
