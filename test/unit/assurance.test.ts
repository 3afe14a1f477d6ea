// Which acr a sign-in earns, and when a session's acr meets a client's request.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { acrEarned, judgeAcr, type AcrNames } from '../../src/domain/assurance.ts';

const names: AcrNames = { pinAndTokencode: 'urn:t:pin+otp', pinAndEmailCode: 'urn:t:pin+email', tokencodeOnly: 'urn:t:otp' };
const voluntary = (...values: string[]) => ({ values, essential: false });
const essential = (...values: string[]) => ({ values, essential: true });

test('the acr a sign-in earns follows its factors and where the code came from', () => {
  assert.equal(acrEarned({ pin: true, emailedCode: false }, names), names.pinAndTokencode);
  assert.equal(acrEarned({ pin: true, emailedCode: true }, names), names.pinAndEmailCode);
  assert.equal(acrEarned({ pin: false, emailedCode: false }, names), names.tokencodeOnly);
  assert.equal(acrEarned({ pin: false, emailedCode: true }, names), names.tokencodeOnly);
});

test('no request, or only unknown voluntary values: any session will do', () => {
  assert.equal(judgeAcr(names.tokencodeOnly, [], names), 'met');
  assert.equal(judgeAcr(undefined, [voluntary('urn:other')], names), 'met');
});

test('a stronger acr meets a request for a weaker one; a weaker one asks for a step up', () => {
  assert.equal(judgeAcr(names.pinAndTokencode, [voluntary(names.tokencodeOnly)], names), 'met');
  assert.equal(judgeAcr(names.pinAndTokencode, [voluntary(names.pinAndEmailCode)], names), 'met');
  assert.equal(judgeAcr(names.pinAndEmailCode, [voluntary(names.pinAndTokencode)], names), 'step_up');
  assert.equal(judgeAcr(names.tokencodeOnly, [voluntary(names.pinAndEmailCode)], names), 'step_up');
  assert.equal(judgeAcr(null, [voluntary(names.tokencodeOnly)], names), 'step_up');
  assert.equal(judgeAcr('urn:unknown', [voluntary(names.tokencodeOnly)], names), 'step_up');
});

test('any one listed value will do: the weakest listed is what must be reached', () => {
  assert.equal(judgeAcr(names.pinAndEmailCode, [voluntary(names.pinAndTokencode, names.pinAndEmailCode)], names), 'met');
  assert.equal(judgeAcr(names.tokencodeOnly, [voluntary('urn:other', names.pinAndEmailCode)], names), 'step_up');
});

test('several requests (acr_values and the claims parameter) must all be met', () => {
  assert.equal(judgeAcr(names.pinAndEmailCode, [voluntary(names.tokencodeOnly), essential(names.pinAndTokencode)], names), 'step_up');
  assert.equal(judgeAcr(names.pinAndTokencode, [voluntary(names.tokencodeOnly), essential(names.pinAndTokencode)], names), 'met');
});

test('an essential request for values never issued cannot be met by signing in again', () => {
  assert.equal(judgeAcr(names.pinAndTokencode, [essential('urn:other')], names), 'unobtainable');
  assert.equal(judgeAcr(names.pinAndTokencode, [essential('urn:other', names.tokencodeOnly)], names), 'met');
});
