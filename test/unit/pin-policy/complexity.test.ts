import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkComplexity } from '../../../src/domain/pin-policy/rules/complexity.ts';
import type { PinComplexity } from '../../../src/domain/pin-policy/index.ts';
import { policyWith } from './fixtures.ts';

const cases: ReadonlyArray<[PinComplexity, string, string[]]> = [
  ['numeric', '1234', []],
  ['numeric', '12a4', ['complexity.charset']],
  ['numeric', '12 4', ['complexity.charset']],
  ['numeric', '１２３４', ['complexity.charset']], // full-width digits are not 0-9
  ['numeric', '٣٤٥٦', ['complexity.charset']], // Arabic-Indic digits
  ['numeric', '12\u00004', ['complexity.charset']],
  ['alphanumeric', '12aA', []],
  ['alphanumeric', '1A23', []],
  ['alphanumeric', '12ab', ['complexity.uppercase']],
  ['alphanumeric', 'ABCD', ['complexity.digit']],
  ['alphanumeric', 'abcd', ['complexity.digit', 'complexity.uppercase']],
  ['alphanumeric', '1A!3', ['complexity.charset']],
  ['alphanumeric', 'ab!c', ['complexity.charset', 'complexity.digit', 'complexity.uppercase']],
  ['strong', '12aA', []],
  ['strong', '12AB', ['complexity.lowercase']],
  ['strong', '12ab', ['complexity.uppercase']],
  ['strong', 'abAB', ['complexity.digit']],
  ['strong', '1234', ['complexity.uppercase', 'complexity.lowercase']],
  ['strong', 'Ab1é', ['complexity.charset']],
  ['complex', 'a1!b', []],
  ['complex', 'A1?Z', []],
  ['complex', '1a2b', ['complexity.special']],
  ['complex', 'ab!c', ['complexity.digit']],
  ['complex', '12!#', ['complexity.letter']],
  ['complex', '1234', ['complexity.letter', 'complexity.special']],
  ['complex', 'a1^b', ['complexity.charset', 'complexity.special']],
  ['complex', 'a1! b', ['complexity.charset']],
  ['complex', 'a1!😀', ['complexity.charset']],
  ['complex', '', ['complexity.digit', 'complexity.letter', 'complexity.special']],
];

describe('complexity rule', () => {
  for (const [complexity, candidate, rules] of cases) {
    it(`${complexity}: ${JSON.stringify(candidate)} -> [${rules.join(', ')}]`, () => {
      const got = checkComplexity(candidate, policyWith({ complexity }));
      assert.deepEqual(got.map((v) => v.rule), rules);
    });
  }

  it('accepts every special character of the complex level', () => {
    for (const special of '!@#$%&*?') {
      assert.deepEqual(checkComplexity(`a1${special}`, policyWith({ complexity: 'complex' })), []);
    }
  });

  it('reports charset once, whatever the number of bad characters, with the level as param', () => {
    const got = checkComplexity('a b c', policyWith({ complexity: 'numeric' }));
    assert.deepEqual(got, [
      { rule: 'complexity.charset', messageId: 'pin.invalid_characters', params: { complexity: 'numeric' } },
    ]);
  });

  it('uses the documented message ids', () => {
    const got = checkComplexity('', policyWith({ complexity: 'strong' })).map((v) => v.messageId);
    assert.deepEqual(got, ['pin.needs_digit', 'pin.needs_uppercase', 'pin.needs_lowercase']);
    const complex = checkComplexity('', policyWith({ complexity: 'complex' })).map((v) => v.messageId);
    assert.deepEqual(complex, ['pin.needs_digit', 'pin.needs_letter', 'pin.needs_special']);
  });
});
