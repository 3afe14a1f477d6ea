import { describe } from 'node:test';
import { checkSequences, isDigitSequence } from '../../../src/domain/pin-policy/rules/sequences.ts';
import { testSwitchedRule } from './fixtures.ts';

describe('sequences rule', () => {
  const cases: ReadonlyArray<[candidate: string, isSequence: boolean, why: string]> = [
    // Seed 003, verbatim.
    ['1234', true, 'seed: ascending step 1'],
    ['2468', true, 'seed: ascending step 2'],
    ['7654', true, 'seed: descending step 1'],
    ['1357', true, 'seed: ascending step 2'],
    ['1123', false, 'seed: not a constant step'],
    ['8901', false, 'seed: no wrap-around from 9 to 0'],
    // Longer PINs (docs/pin-policy.md).
    ['12345678', true, 'long ascending run'],
    ['13579', true, 'step 2 over 5 digits'],
    ['91234', false, 'only the whole PIN counts'],
    ['0369', true, 'step 3'],
    ['9630', true, 'descending step 3'],
    ['123', true, 'three digits are enough'],
    ['12', false, 'shorter than 3'],
    ['1111', false, 'step 0 is the repeats rule'],
    ['7890', false, 'wraps from 9 to 0'],
    ['3210', true, 'descending to 0'],
    ['12a4', false, 'not digits only'],
    ['１２３４', false, 'full-width digits are not 0-9'],
    ['', false, 'empty'],
  ];
  testSwitchedRule(
    { option: 'forbidSequences', rule: 'sequence', messageId: 'pin.sequence', matches: isDigitSequence, check: checkSequences },
    cases,
    '1234',
  );
});
