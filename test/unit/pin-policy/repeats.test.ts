import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkRepeats, repeatCount } from '../../../src/domain/pin-policy/rules/repeats.ts';
import { policyWith } from './fixtures.ts';

describe('repeats rule (PINsafe "maximum repeated digits")', () => {
  // Seed 003, verbatim.
  const seedCases: ReadonlyArray<[max: number, candidate: string, passes: boolean]> = [
    [0, '7204', true],
    [0, '6260', false],
    [1, '7202', true],
    [1, '3833', false],
    [1, '1122', false],
  ];
  for (const [max, candidate, passes] of seedCases) {
    it(`seed: max ${max}: ${candidate} ${passes ? 'passes' : 'fails'}`, () => {
      const got = checkRepeats(candidate, policyWith({ maxRepeatedDigits: max }));
      assert.deepEqual(got.map((v) => v.rule), passes ? [] : ['repeats']);
    });
  }

  const counts: ReadonlyArray<[string, number]> = [
    ['', 0],
    ['7204', 0],
    ['6260', 1],
    ['7202', 1],
    ['3833', 2],
    ['1122', 2],
    ['1111', 3],
    ['aA1b', 0], // case-sensitive
    ['aa11', 2], // letters count too
    ['😀😀', 1],
  ];
  for (const [candidate, count] of counts) {
    it(`repeatCount(${JSON.stringify(candidate)}) = ${count}`, () => {
      assert.equal(repeatCount(candidate), count);
    });
  }

  it('boundary: a count equal to the maximum passes, one more fails', () => {
    const p = policyWith({ maxRepeatedDigits: 2 });
    assert.deepEqual(checkRepeats('3833', p), []);
    assert.deepEqual(checkRepeats('1111', p), [
      { rule: 'repeats', messageId: 'pin.too_many_repeats', params: { max: 2 } },
    ]);
  });

  it('null switches the rule off', () => {
    assert.deepEqual(checkRepeats('11111111', policyWith({ maxRepeatedDigits: null })), []);
  });
});
