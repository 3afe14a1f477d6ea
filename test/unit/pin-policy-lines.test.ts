// The New PIN form's policy list: history only for someone who had a PIN, banned patterns shown
// when the list is short (so 19?? is visible as such), numeric wording for digit PINs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/load.ts';
import { policyLines } from '../../src/http/pin-policy-lines.ts';
import { createI18n } from '../../src/i18n/index.ts';

const config = loadConfig({ env: { NODE_ENV: 'test' } });
const en = createI18n(config.ui).translator('en');
const shown = (lines: ReturnType<typeof policyLines>) => lines.map((l) => en.text(l.id, l.values));
const base = { ...config.pinPolicy, historyCount: 5 };

test('a first PIN is not told about history; a changed PIN is', () => {
  assert.ok(!shown(policyLines(base, false)).some((l) => /PIN/.test(l) && /last|previous/.test(l)));
  assert.ok(shown(policyLines(base, true)).includes('not one of your last 5 PINs'));
  assert.ok(shown(policyLines({ ...base, historyCount: 1 }, true)).includes('not your previous PIN'));
});

test('a short banned list is shown with what ? means; a long one is summarised', () => {
  const lines = shown(policyLines({ ...base, bannedPins: ['0000', '19??'] }, false));
  assert.ok(lines.includes('none of these, which your organisation has banned: 0000, 19?? (? stands for any digit)'), lines.join(' | '));
  const many = shown(policyLines({ ...base, bannedPins: Array.from({ length: 20 }, (_, i) => String(1000 + i)) }, false));
  assert.ok(many.includes('none of the PINs your organisation has banned'), many.join(' | '));
});

test('the length is in digits for a numeric policy and in characters otherwise', () => {
  assert.equal(shown(policyLines({ ...base, minLength: 6, maxLength: 8, complexity: 'numeric' }, false))[0], '6 to 8 digits');
  assert.equal(shown(policyLines({ ...base, minLength: 8, maxLength: 8, complexity: 'strong' }, false))[0], 'exactly 8 characters');
});
