import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { effectivePinPolicy, type PinPolicy } from '../../../src/domain/pin-policy/index.ts';
import { basePolicy, policyWith } from './fixtures.ts';

type Overrides = Readonly<Record<string, Partial<PinPolicy>>>;

describe('effectivePinPolicy', () => {
  const groupPolicies: Overrides = {
    finance: { minLength: 6, complexity: 'strong', historyCount: 5, bannedPins: ['19??'] },
    admins: { maxLength: 6, complexity: 'alphanumeric', bannedPins: ['19??', '0000'], forbidSequences: true },
    relaxed: { minLength: 3, expiryDays: 0 },
  };

  it('no group with a policy: the global policy', () => {
    assert.equal(effectivePinPolicy([], basePolicy, groupPolicies), basePolicy);
    assert.equal(effectivePinPolicy(['staff', 'unknown'], basePolicy, groupPolicies), basePolicy);
  });

  it('inherited object keys are not group policies', () => {
    assert.equal(effectivePinPolicy(['constructor', 'toString', '__proto__'], basePolicy, groupPolicies), basePolicy);
  });

  it('one group: global overridden by the group (a group may relax the global policy)', () => {
    assert.deepEqual(effectivePinPolicy(['relaxed'], basePolicy, groupPolicies), {
      ...basePolicy,
      minLength: 3,
      expiryDays: 0,
    });
    assert.deepEqual(effectivePinPolicy(['finance', 'staff'], basePolicy, groupPolicies), {
      ...basePolicy,
      ...groupPolicies['finance'],
    });
  });

  it('override keys set to undefined keep the global value', () => {
    const got = effectivePinPolicy(['g'], basePolicy, { g: { minLength: undefined, historyCount: 2 } });
    assert.equal(got.minLength, 4);
    assert.equal(got.historyCount, 2);
  });

  it('several groups: strictest field by field', () => {
    const got = effectivePinPolicy(['finance', 'admins'], basePolicy, groupPolicies);
    assert.equal(got.minLength, 6);
    assert.equal(got.maxLength, 6);
    assert.equal(got.generatedLength, 6);
    assert.equal(got.complexity, 'strong');
    assert.equal(got.historyCount, 5);
    assert.equal(got.forbidSequences, true);
    assert.deepEqual(got.bannedPins, ['19??', '0000']);
  });

  it('relaxing and strict group together: the strict values win', () => {
    const got = effectivePinPolicy(['relaxed', 'finance'], basePolicy, groupPolicies);
    assert.equal(got.minLength, 6);
    assert.equal(got.expiryDays, 30); // any non-zero expiry beats 0 (never)
  });

  const table: ReadonlyArray<[field: keyof PinPolicy, a: Partial<PinPolicy>, b: Partial<PinPolicy>, expected: unknown]> = [
    ['minLength', { minLength: 5 }, { minLength: 7 }, 7],
    ['maxLength', { maxLength: 12 }, { maxLength: 10 }, 10],
    ['maxLength', { minLength: 8, maxLength: 10 }, { minLength: 4, maxLength: 6 }, 8], // conflict: raised to minLength
    ['generatedLength', { generatedLength: 5 }, { generatedLength: 7 }, 7],
    ['generatedLength', { generatedLength: 8, maxLength: 8 }, { maxLength: 6 }, 6], // clamped down to maxLength
    ['generatedLength', { generatedLength: 4 }, { minLength: 7, generatedLength: 7 }, 7],
    ['generatedLength', { generatedLength: 4, minLength: 4 }, { minLength: 5, generatedLength: 4 }, 5], // clamped up
    ['complexity', { complexity: 'complex' }, { complexity: 'strong' }, 'complex'],
    ['complexity', { complexity: 'numeric' }, { complexity: 'alphanumeric' }, 'alphanumeric'],
    ['maxRepeatedDigits', { maxRepeatedDigits: 2 }, { maxRepeatedDigits: 1 }, 1],
    ['maxRepeatedDigits', { maxRepeatedDigits: null }, { maxRepeatedDigits: 3 }, 3],
    ['maxRepeatedDigits', { maxRepeatedDigits: null }, { maxRepeatedDigits: null }, null],
    ['forbidSequences', { forbidSequences: false }, { forbidSequences: true }, true],
    ['forbidCommonPins', { forbidCommonPins: true }, { forbidCommonPins: false }, true],
    ['forbidCommonPins', { forbidCommonPins: false }, { forbidCommonPins: false }, false],
    ['forbidDatePins', { forbidDatePins: false }, { forbidDatePins: true }, true],
    ['forbidDatePins', { forbidDatePins: false }, {}, false],
    ['forbidUsername', { forbidUsername: true }, { forbidUsername: false }, true],
    ['changeOnFirstUse', { changeOnFirstUse: false }, { changeOnFirstUse: false }, false],
    ['changeOnFirstUse', { changeOnFirstUse: false }, { changeOnFirstUse: true }, true],
    ['changeOnFirstUseLocked', { changeOnFirstUseLocked: true }, {}, true],
    ['forceRandomPins', {}, { forceRandomPins: true }, true],
    ['bannedPins', { bannedPins: ['1111', '2222'] }, { bannedPins: ['2222', '3333'] }, ['1111', '2222', '3333']],
    ['historyCount', { historyCount: 3 }, { historyCount: 10 }, 10],
    ['expiryDays', { expiryDays: 90 }, { expiryDays: 60 }, 60],
    ['expiryDays', { expiryDays: 0 }, { expiryDays: 60 }, 60],
    ['expiryDays', { expiryDays: 0 }, { expiryDays: 0 }, 0],
    ['expiryAction', { expiryAction: 'force-change' }, { expiryAction: 'send-random' }, 'send-random'],
    ['expiryAction', { expiryAction: 'lock' }, { expiryAction: 'send-random' }, 'lock'],
    ['expiryWarningDays', { expiryWarningDays: 3 }, { expiryWarningDays: 14 }, 14],
    ['graceDaysAfterUnlock', { graceDaysAfterUnlock: 5 }, { graceDaysAfterUnlock: 0 }, 0],
    ['randomPinDelivery', { randomPinDelivery: 'email' }, { randomPinDelivery: 'screen' }, 'email'],
    ['randomPinDelivery', { randomPinDelivery: 'screen' }, {}, 'screen'],
  ];
  for (const [field, a, b, expected] of table) {
    it(`${field}: ${JSON.stringify(a)} + ${JSON.stringify(b)} -> ${JSON.stringify(expected)}`, () => {
      const global = policyWith({ minLength: 4, maxLength: 12, generatedLength: 6 });
      assert.deepEqual(effectivePinPolicy(['a', 'b'], global, { a, b })[field], expected);
      // the order of groups does not matter (bannedPins keeps first-seen order, compare as a set)
      const swapped = effectivePinPolicy(['b', 'a'], global, { a, b })[field];
      const normalise = (v: unknown): unknown => (Array.isArray(v) ? [...v].sort() : v);
      assert.deepEqual(normalise(swapped), normalise(expected));
    });
  }

  it('the merged policy is consistent and frozen', () => {
    const got = effectivePinPolicy(['a', 'b', 'c'], basePolicy, {
      a: { minLength: 10, maxLength: 16, generatedLength: 16 },
      b: { maxLength: 9 },
      c: { generatedLength: 3, minLength: 3 },
    });
    assert.equal(got.minLength, 10);
    assert.equal(got.maxLength, 10);
    assert.equal(got.generatedLength, 10);
    assert.ok(Object.isFrozen(got));
  });
});
