import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkBanned, matchesBannedPattern } from '../../../src/domain/pin-policy/rules/banned.ts';
import { policyWith } from './fixtures.ts';

describe('banned rule', () => {
  it('seed: 19?? bans every PIN 1900-1999', () => {
    const p = policyWith({ bannedPins: ['19??'] });
    for (let n = 1900; n <= 1999; n++) {
      assert.deepEqual(checkBanned(String(n), p).map((v) => v.rule), ['banned'], String(n));
    }
  });

  const cases: ReadonlyArray<[pattern: string, candidate: string, matches: boolean]> = [
    ['19??', '1899', false],
    ['19??', '2000', false],
    ['19??', '190', false], // too short: ? matches exactly one character
    ['19??', '19000', false], // too long: the whole PIN must match
    ['19??', '2190', false], // not a substring match
    ['19??', '19ab', true], // ? matches any character
    ['1234', '1234', true],
    ['1234', '12345', false],
    ['abcd', 'ABCD', true], // case-insensitive
    ['AbC?', 'aBc9', true],
    ['????', '😀😀😀😀', true], // ? matches one code point
    ['.*', '12', false], // regex characters are literal
    ['.*', '.*', true],
    ['[0-9]', '5', false],
    ['a+', 'aa', false],
    ['', '', true],
    ['', '1234', false],
  ];
  for (const [pattern, candidate, matches] of cases) {
    it(`${JSON.stringify(pattern)} ${matches ? 'matches' : 'does not match'} ${JSON.stringify(candidate)}`, () => {
      assert.equal(matchesBannedPattern(candidate, pattern), matches);
    });
  }

  it('any entry of the list bans, and the entry is not reported', () => {
    const p = policyWith({ bannedPins: ['0000', '1111', '12??'] });
    assert.deepEqual(checkBanned('1111', p), [{ rule: 'banned', messageId: 'pin.banned', params: {} }]);
    assert.deepEqual(checkBanned('1299', p).length, 1);
    assert.deepEqual(checkBanned('1300', p), []);
  });

  it('an empty list bans nothing', () => {
    assert.deepEqual(checkBanned('1234', policyWith({ bannedPins: [] })), []);
  });
});
