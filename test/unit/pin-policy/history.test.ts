import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluatePinPolicy } from '../../../src/domain/pin-policy/index.ts';
import { contextWith, policyWith } from './fixtures.ts';

function historyOf(previous: readonly string[]) {
  const calls: string[] = [];
  const matchesHistory = async (candidate: string): Promise<boolean> => {
    calls.push(candidate);
    return previous.includes(candidate);
  };
  return { calls, context: contextWith({ matchesHistory }) };
}

describe('history rule (through evaluatePinPolicy)', () => {
  const withHistory = policyWith({ historyCount: 3 });

  const cases: ReadonlyArray<[candidate: string, result: 'reused' | 'ok' | 'other', calls: number, why: string]> = [
    ['4821', 'reused', 1, 'one of the last PINs'],
    ['5937', 'ok', 1, 'a new PIN'],
    ['123', 'other', 0, 'too short: not hashed'],
    ['123456789', 'other', 0, 'too long: not hashed'],
    ['48a1', 'other', 0, 'bad characters: not hashed'],
  ];
  for (const [candidate, result, calls, why] of cases) {
    it(`${candidate}: ${why}`, async () => {
      const h = historyOf(['4821', '7302', '6617']);
      const got = await evaluatePinPolicy(candidate, h.context, withHistory);
      assert.equal(h.calls.length, calls);
      if (result === 'ok') assert.deepEqual(got, { ok: true });
      else {
        assert.equal(got.ok, false);
        const rules = got.ok ? [] : got.violations.map((v) => v.rule);
        assert.equal(rules.includes('history'), result === 'reused');
      }
    });
  }

  it('reports the history count, never the PIN', async () => {
    const got = await evaluatePinPolicy('4821', historyOf(['4821']).context, withHistory);
    assert.deepEqual(got, {
      ok: false,
      violations: [{ rule: 'history', messageId: 'pin.reused', params: { count: 3 } }],
    });
  });

  it('is not consulted when historyCount is 0', async () => {
    const h = historyOf(['4821']);
    assert.deepEqual(await evaluatePinPolicy('4821', h.context, policyWith({ historyCount: 0 })), { ok: true });
    assert.equal(h.calls.length, 0);
  });

  it('is still consulted when only other rules (repeats, sequence...) fail, and listed last', async () => {
    const h = historyOf(['1234']);
    const p = policyWith({ historyCount: 1, forbidSequences: true, bannedPins: ['1234'] });
    const got = await evaluatePinPolicy('1234', h.context, p);
    assert.equal(h.calls.length, 1);
    assert.deepEqual(got.ok ? [] : got.violations.map((v) => v.rule), ['sequence', 'banned', 'history']);
  });

  it('propagates a rejection of matchesHistory (infrastructure failure)', async () => {
    const failure = new Error('history store down');
    const context = contextWith({ matchesHistory: () => Promise.reject(failure) });
    await assert.rejects(evaluatePinPolicy('5937', context, withHistory), (e) => e === failure);
  });
});
