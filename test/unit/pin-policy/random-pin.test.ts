import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkPinRules,
  generateRandomPin,
  PinPolicyUnsatisfiableError,
  pinLength,
  repeatCount,
  type PinPolicy,
} from '../../../src/domain/pin-policy/index.ts';
import { policyWith, seededRandomInt } from './fixtures.ts';

const ALLOWED: Readonly<Record<PinPolicy['complexity'], RegExp>> = {
  numeric: /^[0-9]+$/,
  alphanumeric: /^[A-Za-z0-9]+$/,
  strong: /^[A-Za-z0-9]+$/,
  complex: /^[A-Za-z0-9!@#$%&*?]+$/,
};

describe('generateRandomPin', () => {
  const policies: ReadonlyArray<[string, PinPolicy, string?]> = [
    ['numeric 6', policyWith({})],
    ['numeric 4, no repeats, no sequences', policyWith({ generatedLength: 4, maxRepeatedDigits: 0, forbidSequences: true })],
    ['numeric 10 distinct digits', policyWith({ maxLength: 10, generatedLength: 10, maxRepeatedDigits: 0, forbidSequences: true })],
    ['alphanumeric 4', policyWith({ complexity: 'alphanumeric', generatedLength: 4 })],
    ['strong 3', policyWith({ complexity: 'strong', minLength: 3, generatedLength: 3, maxRepeatedDigits: 0 })],
    ['complex 3', policyWith({ complexity: 'complex', minLength: 3, generatedLength: 3 })],
    ['complex 16', policyWith({ complexity: 'complex', maxLength: 16, generatedLength: 16, maxRepeatedDigits: 0 })],
    ['banned 19?? and 2???', policyWith({ generatedLength: 4, bannedPins: ['19??', '2???'] })],
    ['username', policyWith({ generatedLength: 8, forbidUsername: true }), '123'],
    [
      'numeric 4, common PINs and dates refused',
      policyWith({ generatedLength: 4, maxRepeatedDigits: 1, forbidSequences: true, forbidCommonPins: true, forbidDatePins: true }),
    ],
    [
      'the shipped default: numeric 6-8, generated 6',
      policyWith({ minLength: 6, maxRepeatedDigits: 1, forbidSequences: true, forbidCommonPins: true, forbidDatePins: true }),
    ],
  ];
  for (const [label, policy, username] of policies) {
    it(`${label}: 200 PINs all pass their policy`, () => {
      const randomInt = seededRandomInt(42);
      for (let i = 0; i < 200; i++) {
        const pin = generateRandomPin(policy, randomInt, username);
        assert.equal(pinLength(pin), policy.generatedLength);
        assert.match(pin, ALLOWED[policy.complexity]);
        assert.deepEqual(checkPinRules(pin, policy, username ?? ''), [], pin);
      }
    });
  }

  it('the 10-digit no-repeat PIN uses every digit once', () => {
    const p = policyWith({ maxLength: 10, generatedLength: 10, maxRepeatedDigits: 0 });
    const pin = generateRandomPin(p, seededRandomInt(7));
    assert.equal(repeatCount(pin), 0);
    assert.deepEqual([...pin].sort().join(''), '0123456789');
  });

  it('is deterministic for a given randomInt and varies with it', () => {
    const p = policyWith({});
    assert.equal(generateRandomPin(p, seededRandomInt(1)), generateRandomPin(p, seededRandomInt(1)));
    const many = new Set(Array.from({ length: 50 }, (_, i) => generateRandomPin(p, seededRandomInt(i))));
    assert.ok(many.size > 40, `only ${many.size} distinct PINs`);
  });

  it('uses every allowed digit at every position (no positional bias toward a class)', () => {
    const p = policyWith({ generatedLength: 4 });
    const randomInt = seededRandomInt(3);
    const seen = Array.from({ length: 4 }, () => new Set<string>());
    for (let i = 0; i < 500; i++) {
      [...generateRandomPin(p, randomInt)].forEach((ch, pos) => seen[pos]?.add(ch));
    }
    for (const s of seen) assert.equal(s.size, 10);
  });

  const unsatisfiable: ReadonlyArray<[string, PinPolicy]> = [
    ['numeric 11, no repeats', policyWith({ maxLength: 12, generatedLength: 11, maxRepeatedDigits: 0 })],
    ['numeric 12, at most 1 repeat', policyWith({ maxLength: 12, generatedLength: 12, maxRepeatedDigits: 1 })],
    ['every 4-character PIN banned', policyWith({ generatedLength: 4, bannedPins: ['????'] })],
    ['generated length outside min-max', policyWith({ generatedLength: 9 })],
    ['negative repeat budget', policyWith({ maxRepeatedDigits: -1 })],
  ];
  for (const [label, policy] of unsatisfiable) {
    it(`throws PinPolicyUnsatisfiableError: ${label}`, () => {
      assert.throws(
        () => generateRandomPin(policy, seededRandomInt(5)),
        (e: unknown) => e instanceof PinPolicyUnsatisfiableError && e.code === 'pin_policy_unsatisfiable',
      );
    });
  }

  it('numeric 11 with at most 1 repeat is the boundary that still works', () => {
    const p = policyWith({ maxLength: 11, generatedLength: 11, maxRepeatedDigits: 1 });
    assert.equal(repeatCount(generateRandomPin(p, seededRandomInt(9))), 1);
  });

  it('rejects a randomInt that returns out-of-range values', () => {
    assert.throws(() => generateRandomPin(policyWith({}), () => 10), RangeError);
    assert.throws(() => generateRandomPin(policyWith({}), () => 0.5), RangeError);
  });
});
