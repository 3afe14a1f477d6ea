import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkCommon, COMMON_PIN_LIST, isCommonPin } from '../../../src/domain/pin-policy/index.ts';
import { BREACHED_NUMERIC_PASSWORDS } from '../../../src/domain/pin-policy/common-pins.ts';
import { testSwitchedRule } from './fixtures.ts';

describe('common PINs rule', () => {
  it('the bundled list holds 100 to 200 PINs of 4 to 8 digits, none twice', () => {
    assert.ok(COMMON_PIN_LIST.length >= 100 && COMMON_PIN_LIST.length <= 200, `${COMMON_PIN_LIST.length} entries`);
    for (const pin of COMMON_PIN_LIST) assert.match(pin, /^[0-9]{4,8}$/);
    assert.equal(new Set(COMMON_PIN_LIST).size, COMMON_PIN_LIST.length);
    assert.ok(Object.isFrozen(COMMON_PIN_LIST));
  });

  it('adds the numeric passwords of the breach-ranked dictionary: beyond the top 3,000 of 6 to 8 digits', () => {
    const fitting = BREACHED_NUMERIC_PASSWORDS.filter((pin) => pin.length >= 6 && pin.length <= 8);
    assert.ok(fitting.length >= 3000, `${fitting.length} of 6 to 8 digits`);
    for (const pin of BREACHED_NUMERIC_PASSWORDS) assert.ok(isCommonPin(pin), pin);
  });

  it('holds the most common PINs of the published studies', () => {
    const mostCommon = [
      '1234', '1111', '0000', '1212', '7777', '1004', '2000', '4444', '2222', '6969', '9999', '3333', '5555',
      '6666', '1122', '1313', '8888', '4321', '2001', '1010', '2580', '123456', '123123', '111111', '121212',
      '654321', '666666', '696969', '112233', '159753', '147258', '123321', '000000', '1234567', '12345678',
      '11111111', '88888888', '87654321', '00000000',
    ];
    for (const pin of mostCommon) assert.ok(isCommonPin(pin), pin);
  });

  const cases: ReadonlyArray<[candidate: string, common: boolean, why: string]> = [
    ['147258', true, 'a keypad pattern no other rule catches'],
    ['159753', true, 'a keypad shape'],
    ['5683', true, 'spells LOVE'],
    ['720435', false, 'an arbitrary PIN'],
    ['1472580', false, 'only the whole PIN counts'],
    ['12345', true, 'a breached numeric password'],
    ['8675309', true, 'a breached numeric password no other rule catches'],
    ['25121987', true, 'a breached numeric password (also a date)'],
    ['938271', false, 'an arbitrary PIN'],
    ['', false, 'empty'],
    ['１２３４', false, 'full-width digits are not 0-9'],
  ];
  testSwitchedRule(
    { option: 'forbidCommonPins', rule: 'common', messageId: 'pin.common', matches: isCommonPin, check: checkCommon },
    cases,
    '123456',
  );
});
