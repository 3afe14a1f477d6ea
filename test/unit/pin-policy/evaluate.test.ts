import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  describeViolation,
  evaluatePinPolicy,
  type PinPolicy,
  type PinViolation,
} from '../../../src/domain/pin-policy/index.ts';
import { contextWith, policyWith } from './fixtures.ts';

const strict: PinPolicy = policyWith({
  minLength: 6,
  maxLength: 8,
  maxRepeatedDigits: 0,
  forbidSequences: true,
  bannedPins: ['12??'],
  forbidUsername: true,
  historyCount: 2,
});

async function rulesOf(candidate: string, policy: PinPolicy, username = 'alice'): Promise<string[]> {
  const got = await evaluatePinPolicy(candidate, contextWith({ username }), policy);
  return got.ok ? [] : got.violations.map((v) => v.rule);
}

describe('evaluatePinPolicy', () => {
  it('accepts a PIN that breaks no rule', async () => {
    assert.deepEqual(await evaluatePinPolicy('509371', contextWith(), strict), { ok: true });
  });

  const cases: ReadonlyArray<[candidate: string, policy: PinPolicy, username: string, rules: string[]]> = [
    ['1234', strict, 'alice', ['length.min', 'sequence', 'banned']],
    ['1122', strict, 'alice', ['length.min', 'repeats']],
    ['1233', strict, 'alice', ['length.min', 'repeats', 'banned']],
    ['12a', strict, 'alice', ['length.min', 'complexity.charset']],
    ['123456789', strict, 'alice', ['length.max', 'sequence']],
    ['123123', strict, '123', ['repeats', 'username']],
    [
      'abab',
      policyWith({ complexity: 'complex', maxRepeatedDigits: 1, forbidUsername: true }),
      'aba',
      ['complexity.digit', 'complexity.special', 'repeats', 'username'],
    ],
    [
      '',
      policyWith({ complexity: 'strong', maxRepeatedDigits: 0 }),
      'alice',
      ['length.min', 'complexity.digit', 'complexity.uppercase', 'complexity.lowercase'],
    ],
  ];
  for (const [candidate, policy, username, rules] of cases) {
    it(`lists every broken rule in stable order: ${JSON.stringify(candidate)} -> [${rules.join(', ')}]`, async () => {
      assert.deepEqual(await rulesOf(candidate, policy, username), rules);
    });
  }

  it('places the common and date rules after sequence and before banned', async () => {
    const policy = policyWith({
      maxRepeatedDigits: 0,
      forbidSequences: true,
      forbidCommonPins: true,
      forbidDatePins: true,
      bannedPins: ['????'],
      forbidUsername: true,
    });
    // 1212: two repeats, a common PIN, 12 December, and banned by ????.
    assert.deepEqual(await rulesOf('1212', policy, '121'), ['repeats', 'common', 'date', 'banned', 'username']);
    // 4321: a sequence and a common PIN, but no date (43 is no day, no month).
    assert.deepEqual(await rulesOf('4321', policy, 'alice'), ['sequence', 'common', 'banned']);
    assert.deepEqual(await rulesOf('147258', policy, 'alice'), ['common']);
    assert.deepEqual(await rulesOf('250491', policy, 'alice'), ['date']);
    assert.deepEqual(await rulesOf('720435', policy, 'alice'), []);
  });

  it('orders all rule families: length, complexity, repeats, sequence, banned, username, history', async () => {
    const policy = policyWith({
      minLength: 6,
      maxLength: 8,
      maxRepeatedDigits: 0,
      forbidSequences: true,
      bannedPins: ['???'],
      forbidUsername: true,
      historyCount: 1,
      complexity: 'numeric',
    });
    // A 3-3 policy keeps length and charset valid, so history is consulted too.
    const p3 = { ...policy, minLength: 3, maxLength: 3 };
    const got = await evaluatePinPolicy('135', contextWith({ username: '135', matchesHistory: async () => true }), p3);
    assert.deepEqual(got.ok ? [] : got.violations.map((v) => v.rule), ['sequence', 'banned', 'username', 'history']);
    const got2 = await evaluatePinPolicy('1131', contextWith({ username: '113' }), { ...policy, minLength: 5 });
    assert.deepEqual(got2.ok ? [] : got2.violations.map((v) => v.rule), ['length.min', 'repeats', 'username']);
  });

  it('never mentions the candidate PIN in a message or a param', async () => {
    const policy = policyWith({
      complexity: 'complex',
      minLength: 6,
      maxLength: 6,
      maxRepeatedDigits: 0,
      forbidSequences: true,
      bannedPins: ['zq7!zq', '?????'],
      forbidUsername: true,
      historyCount: 1,
    });
    for (const candidate of ['zq7!zq', 'zqzqz', 'Zq7!Zq77', 'zq 7!', 'zq7!zq']) {
      const got = await evaluatePinPolicy(candidate, contextWith({ username: 'zq7', matchesHistory: async () => true }), policy);
      assert.equal(got.ok, false);
      const violations: readonly PinViolation[] = got.ok ? [] : got.violations;
      for (const v of violations) {
        const text = describeViolation(v);
        assert.ok(!text.toLowerCase().includes(candidate.toLowerCase()), `${text} leaks ${candidate}`);
        assert.ok(!text.toLowerCase().includes('zq7'), `${text} leaks the username`);
        for (const value of Object.values(v.params)) {
          assert.ok(!String(value).toLowerCase().includes('zq'), `${v.rule} param ${String(value)} leaks`);
        }
      }
    }
  });

  it('describes each message id with a specific English sentence', () => {
    const expected: ReadonlyArray<[PinViolation, string]> = [
      [{ rule: 'length.min', messageId: 'pin.too_short', params: { min: 4 } }, 'The PIN must be at least 4 characters long.'],
      [{ rule: 'length.max', messageId: 'pin.too_long', params: { max: 8 } }, 'The PIN must be at most 8 characters long.'],
      [{ rule: 'complexity.charset', messageId: 'pin.invalid_characters', params: { complexity: 'numeric' } }, 'The PIN may contain only digits (0-9).'],
      [{ rule: 'complexity.digit', messageId: 'pin.needs_digit', params: {} }, 'The PIN must contain at least one digit (0-9).'],
      [{ rule: 'complexity.special', messageId: 'pin.needs_special', params: {} }, 'The PIN must contain at least one of the special characters !@#$%&*?.'],
      [{ rule: 'repeats', messageId: 'pin.too_many_repeats', params: { max: 0 } }, 'The PIN must not repeat any character.'],
      [{ rule: 'repeats', messageId: 'pin.too_many_repeats', params: { max: 2 } }, 'The PIN may contain at most 2 repeated characters in total.'],
      [{ rule: 'sequence', messageId: 'pin.sequence', params: {} }, 'The PIN must not be a sequence of digits such as 1234, 2468 or 7654.'],
      [
        { rule: 'common', messageId: 'pin.common', params: {} },
        'This PIN is one of the most commonly used PINs, which are guessed first; please choose another one.',
      ],
      [
        { rule: 'date', messageId: 'pin.date', params: {} },
        'The PIN must not be a date or a year (such as 1987, 2512 or 25121987): they are easy to guess.',
      ],
      [{ rule: 'username', messageId: 'pin.contains_username', params: {} }, 'The PIN must not contain your username.'],
      [{ rule: 'history', messageId: 'pin.reused', params: { count: 5 } }, 'The PIN must not be one of your last 5 PINs.'],
      [{ rule: 'history', messageId: 'pin.reused', params: { count: 1 } }, 'The PIN must not be the same as your previous PIN.'],
      [{ rule: 'banned', messageId: 'pin.unknown_id', params: {} }, 'The PIN does not meet the PIN policy.'],
    ];
    for (const [v, sentence] of expected) assert.equal(describeViolation(v), sentence);
  });

  it('returns frozen results', async () => {
    const got = await evaluatePinPolicy('1', contextWith(), strict);
    assert.equal(got.ok, false);
    assert.ok(Object.isFrozen(got));
    if (!got.ok) assert.ok(Object.isFrozen(got.violations));
  });
});
