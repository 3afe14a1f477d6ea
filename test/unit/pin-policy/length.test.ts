import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkLength, pinLength } from '../../../src/domain/pin-policy/rules/length.ts';
import { basePolicy, policyWith } from './fixtures.ts';

describe('length rule', () => {
  const cases: ReadonlyArray<[candidate: string, rules: string[]]> = [
    ['', ['length.min']],
    ['123', ['length.min']],
    ['1234', []],
    ['12345678', []],
    ['123456789', ['length.max']],
  ];
  for (const [candidate, rules] of cases) {
    it(`${JSON.stringify(candidate)} with 4-8 -> [${rules.join(', ')}]`, () => {
      assert.deepEqual(checkLength(candidate, basePolicy).map((v) => v.rule), rules);
    });
  }

  it('carries the bound in params and the expected message ids', () => {
    assert.deepEqual(checkLength('12', basePolicy), [
      { rule: 'length.min', messageId: 'pin.too_short', params: { min: 4 } },
    ]);
    assert.deepEqual(checkLength('1234567890', basePolicy), [
      { rule: 'length.max', messageId: 'pin.too_long', params: { max: 8 } },
    ]);
  });

  it('counts code points, not UTF-16 units', () => {
    assert.equal(pinLength('😀😀😀'), 3);
    assert.equal('😀😀😀'.length, 6);
    // 3 emoji are too short for 4-8 even though .length is 6
    assert.deepEqual(checkLength('😀😀😀', basePolicy).map((v) => v.rule), ['length.min']);
    // 5 emoji (10 units) fit in a max of 5
    assert.deepEqual(checkLength('😀😀😀😀😀', policyWith({ minLength: 3, maxLength: 5 })), []);
  });

  it('counts a lone surrogate as one character', () => {
    assert.equal(pinLength('\uD800\uD800'), 2);
  });

  it('min == max accepts only that length', () => {
    const p = policyWith({ minLength: 6, maxLength: 6 });
    assert.deepEqual(checkLength('12345', p).map((v) => v.rule), ['length.min']);
    assert.deepEqual(checkLength('123456', p), []);
    assert.deepEqual(checkLength('1234567', p).map((v) => v.rule), ['length.max']);
  });
});
