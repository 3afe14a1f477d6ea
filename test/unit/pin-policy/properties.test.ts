import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  evaluatePinPolicy,
  generateRandomPin,
  isCommonPin,
  isDateLikePin,
  PinPolicyUnsatisfiableError,
  type PinPolicy,
} from '../../../src/domain/pin-policy/index.ts';
import { seededRandomInt } from './fixtures.ts';

/** A banned pattern with at least one literal character and at most two `?`, so it bans a small share. */
const bannedPattern = fc
  .tuple(
    fc.array(fc.constantFrom(...'0123456789aZ!'), { minLength: 1, maxLength: 6 }),
    fc.array(fc.constant('?'), { maxLength: 2 }),
    fc.integer({ min: 0, max: 1000 }),
  )
  .map(([literals, wildcards, seed]) => {
    const chars = [...literals];
    for (const w of wildcards) chars.splice(seed % (chars.length + 1), 0, w);
    return chars.join('');
  });

/** Any policy within the documented ranges. */
const policyArb: fc.Arbitrary<PinPolicy> = fc
  .integer({ min: 3, max: 15 })
  .chain((minLength) =>
    fc.integer({ min: Math.max(4, minLength), max: 16 }).chain((maxLength) =>
      fc.record({
        minLength: fc.constant(minLength),
        maxLength: fc.constant(maxLength),
        generatedLength: fc.integer({ min: minLength, max: maxLength }),
        complexity: fc.constantFrom('numeric', 'alphanumeric', 'strong', 'complex'),
        maxRepeatedDigits: fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }),
        forbidSequences: fc.boolean(),
        forbidCommonPins: fc.boolean(),
        forbidDatePins: fc.boolean(),
        bannedPins: fc.array(bannedPattern, { maxLength: 8 }),
        historyCount: fc.integer({ min: 0, max: 12 }),
        forbidUsername: fc.boolean(),
        expiryDays: fc.integer({ min: 0, max: 365 }),
        expiryAction: fc.constantFrom('force-change', 'lock', 'send-random'),
        expiryWarningDays: fc.integer({ min: 0, max: 30 }),
        graceDaysAfterUnlock: fc.integer({ min: 0, max: 30 }),
        changeOnFirstUse: fc.boolean(),
        changeOnFirstUseLocked: fc.boolean(),
        forceRandomPins: fc.boolean(),
        randomPinDelivery: fc.constantFrom('screen', 'email'),
      }),
    ),
  );

const usernameArb = fc.oneof(
  fc.constantFrom('alice', 'bob', 'jo', '123', '7a9', 'x'),
  fc.string({ unit: 'grapheme-ascii', maxLength: 8 }),
);

/** Only numeric policies can ask for more distinct characters than their alphabet has. */
function provablyUnsatisfiable(p: PinPolicy): boolean {
  const alphabet = p.complexity === 'numeric' ? 10 : p.complexity === 'complex' ? 70 : 62;
  return p.maxRepeatedDigits !== null && p.generatedLength - alphabet > p.maxRepeatedDigits;
}

const noHistory = async (): Promise<boolean> => false;

describe('properties', () => {
  it('a generated PIN always passes evaluatePinPolicy with its own policy', async () => {
    await fc.assert(
      fc.asyncProperty(policyArb, usernameArb, fc.integer(), async (policy, username, seed) => {
        const randomInt = seededRandomInt(seed);
        if (provablyUnsatisfiable(policy)) {
          assert.throws(() => generateRandomPin(policy, randomInt, username), PinPolicyUnsatisfiableError);
          return;
        }
        const pin = generateRandomPin(policy, randomInt, username);
        const result = await evaluatePinPolicy(pin, { username, now: new Date(0), matchesHistory: noHistory }, policy);
        assert.deepEqual(result, { ok: true }, `${pin} under ${JSON.stringify(policy)}`);
      }),
      { numRuns: 300 },
    );
  });

  it('with the common and date rules on, a generated numeric PIN is never common nor a date', () => {
    // The lengths the bundled list (4-8) and the date rule (4, 6, 8) are about, any other rules.
    const numericWithLists = policyArb
      .filter((p) => p.maxRepeatedDigits === null || p.maxRepeatedDigits >= 1)
      .chain((p) =>
        fc.integer({ min: 4, max: 8 }).map(
          (length): PinPolicy => ({
            ...p,
            complexity: 'numeric',
            minLength: length,
            maxLength: Math.max(length, 8),
            generatedLength: length,
            bannedPins: [],
            forbidCommonPins: true,
            forbidDatePins: true,
          }),
        ),
      );
    fc.assert(
      fc.property(numericWithLists, usernameArb, fc.integer(), (policy, username, seed) => {
        const randomInt = seededRandomInt(seed);
        for (let i = 0; i < 20; i++) {
          const pin = generateRandomPin(policy, randomInt, username);
          assert.ok(!isCommonPin(pin), `${pin} is a common PIN`);
          assert.ok(!isDateLikePin(pin), `${pin} reads as a date`);
        }
      }),
      { numRuns: 300 },
    );
  });

  const inputs = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 20 }),
    fc.string({ unit: fc.constantFrom('\u0000', '1', 'a', 'A', '!', '\uD800', '😀'), maxLength: 20 }),
    fc.constant(''),
    fc.constant('\u0000\u0000\u0000\u0000'),
    fc.constant('1234'.repeat(2_500)),
    fc.constant('\uDC00'.repeat(10_000)),
  );

  it('evaluatePinPolicy never throws and returns ok or a non-empty violation list', async () => {
    await fc.assert(
      fc.asyncProperty(inputs, policyArb, usernameArb, fc.boolean(), async (candidate, policy, username, inHistory) => {
        const result = await evaluatePinPolicy(
          candidate,
          { username, now: new Date(0), matchesHistory: async () => inHistory },
          policy,
        );
        if (result.ok) assert.deepEqual(result, { ok: true });
        else assert.ok(result.violations.length > 0);
      }),
      { numRuns: 500 },
    );
  });

  it('a 10,000-character string is refused without consulting history', async () => {
    let calls = 0;
    const policy = fc.sample(policyArb, { numRuns: 1, seed: 1 })[0];
    assert.ok(policy);
    const result = await evaluatePinPolicy(
      '7'.repeat(10_000),
      { username: 'alice', now: new Date(0), matchesHistory: async () => (calls++, false) },
      { ...policy, historyCount: 3 },
    );
    assert.equal(result.ok, false);
    assert.equal(calls, 0);
    assert.equal(result.ok ? undefined : result.violations[0]?.rule, 'length.max');
  });
});
