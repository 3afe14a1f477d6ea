import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describePinPolicy, describePinPolicyRules, type PinPolicy } from '../../../src/domain/pin-policy/index.ts';
import { basePolicy, policyWith } from './fixtures.ts';

describe('describePinPolicy', () => {
  const cases: ReadonlyArray<[PinPolicy, string]> = [
    [policyWith({ maxRepeatedDigits: 0, forbidSequences: true }), '4 to 8 digits, no repeated digits, no sequences such as 1234.'],
    [basePolicy, '4 to 8 digits.'],
    [policyWith({ minLength: 6, maxLength: 6 }), 'Exactly 6 digits.'],
    [policyWith({ maxRepeatedDigits: 1 }), '4 to 8 digits, at most 1 repeated digit.'],
    [
      policyWith({ complexity: 'alphanumeric', maxRepeatedDigits: 2 }),
      '4 to 8 letters and digits with at least one digit and one uppercase letter, at most 2 repeated characters.',
    ],
    [
      policyWith({ complexity: 'strong' }),
      '4 to 8 letters and digits with at least one digit, one uppercase and one lowercase letter.',
    ],
    [
      policyWith({ complexity: 'complex', minLength: 8, maxLength: 8 }),
      'Exactly 8 characters with at least one digit, one letter and one of !@#$%&*?.',
    ],
    [
      policyWith({ bannedPins: ['19??'], historyCount: 5, forbidUsername: true }),
      '4 to 8 digits, some common PINs are not allowed, not one of your last 5 PINs, must not contain your username.',
    ],
    [policyWith({ historyCount: 1 }), '4 to 8 digits, not your previous PIN.'],
    [
      policyWith({ minLength: 6, maxRepeatedDigits: 1, forbidSequences: true, forbidCommonPins: true, forbidDatePins: true }),
      '6 to 8 digits, at most 1 repeated digit, no sequences such as 1234, no common PINs such as 147258, ' +
        'no dates or years such as 1987 or 250490.',
    ],
    [
      policyWith({ forbidCommonPins: true, bannedPins: ['4711'] }),
      '4 to 8 digits, no common PINs such as 147258, some other PINs are not allowed.',
    ],
  ];
  for (const [policy, sentence] of cases) {
    it(sentence, () => assert.equal(describePinPolicy(policy), sentence));
  }

  it('ignores fields that are not about what the PIN looks like', () => {
    const p = policyWith({ expiryDays: 0, forceRandomPins: true, randomPinDelivery: 'email', changeOnFirstUse: false });
    assert.equal(describePinPolicy(p), describePinPolicy(basePolicy));
  });
});

describe('describePinPolicyRules', () => {
  it('one line per active rule, in rule order', () => {
    const p = policyWith({
      complexity: 'complex',
      maxRepeatedDigits: 2,
      forbidSequences: true,
      bannedPins: ['1234'],
      historyCount: 3,
      forbidUsername: true,
    });
    assert.deepEqual(describePinPolicyRules(p), [
      '4 to 8 characters.',
      'Allowed: letters A-Z and a-z, digits 0-9 and the special characters !@#$%&*?.',
      'At least one digit, one letter and one of !@#$%&*?.',
      'At most 2 repeated characters in total.',
      'No sequences of digits such as 1234, 2468 or 7654.',
      'Some common PINs are not allowed.',
      'Not one of your last 3 PINs.',
      'Must not contain your username.',
    ]);
  });

  it('the bundled lists of common PINs and dates, then the operator\'s own list', () => {
    const p = policyWith({ forbidCommonPins: true, forbidDatePins: true, bannedPins: ['4711'] });
    assert.deepEqual(describePinPolicyRules(p), [
      '4 to 8 digits.',
      'No commonly used PINs such as 147258, 159753 or 123123.',
      'No dates or years such as 1987, 2512 or 25121987.',
      'Some other PINs are not allowed.',
    ]);
  });

  it('only the length line when every optional rule is off', () => {
    assert.deepEqual(describePinPolicyRules(basePolicy), ['4 to 8 digits.']);
  });

  it('no repeats, exact length', () => {
    assert.deepEqual(describePinPolicyRules(policyWith({ minLength: 4, maxLength: 4, maxRepeatedDigits: 0 })), [
      'Exactly 4 digits.',
      'No repeated digits.',
    ]);
  });
});
