// Who may enrol a TOTP token during sign-in: an account that never had a token (by the emailed
// code, or by the helpdesk's code without email), and an account whose token was disabled or
// removed only by the helpdesk's code.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AccountFacts } from '../../../src/domain/signin/events.ts';
import { selfEnrolmentFor } from '../../../src/domain/signin/enrolment.ts';
import { newSignInFlow } from '../../../src/domain/signin/flow.ts';
import { transition } from '../../../src/domain/signin/transition.ts';

const now = new Date('2026-11-23T12:00:00Z');
const limits = { newPinMaxAttempts: 3, nextTokencodeAfter: 0, emailCode: { ttlSeconds: 300, resendCooldownSeconds: 30, maxSends: 3, invalidatePrevious: true } };
const noToken: AccountFacts = {
  id: 'acc-1', status: 'ACTIVE', tokenType: null, hadToken: false, pinDemand: 'none', randomPins: false,
  randomPinDelivery: 'screen', hasEmail: true, totpSelfEnrolment: true, pinRecovery: false,
};

describe('TOTP self-enrolment: who may enrol', () => {
  const table: ReadonlyArray<readonly [string, Partial<AccountFacts>, ReturnType<typeof selfEnrolmentFor>]> = [
    ['never had a token, has email', {}, 'after_email_code'],
    ['never had a token, no email', { hasEmail: false }, 'after_enrolment_code'],
    ['token disabled or removed, has email', { hadToken: true }, 'replacement_after_enrolment_code'],
    ['token disabled or removed, no email', { hadToken: true, hasEmail: false }, 'replacement_after_enrolment_code'],
    ['has an active token', { tokenType: 'totp', hadToken: true }, 'none'],
    ['has an active email token', { tokenType: 'email', hadToken: true }, 'none'],
    ['self-enrolment switched off', { totpSelfEnrolment: false }, 'none'],
    ['self-enrolment switched off, token removed', { totpSelfEnrolment: false, hadToken: true }, 'none'],
  ];
  for (const [name, facts, expected] of table) {
    test(name, () => assert.equal(selfEnrolmentFor({ ...noToken, ...facts }), expected));
  }

  test('a removed token: the helpdesk-code page, no emailed code, and enrolment only with the right code', () => {
    const identified = transition(newSignInFlow('uid-1', 'csrf', now, 600), { type: 'username_submitted', username: 'alice', usernameHash: 'hash:alice', account: { ...noToken, hadToken: true } }, now, limits);
    assert.equal(identified.flow.state, 'ENROLMENT_CODE_REQUIRED', 'not the PIN page that emails a code');
    assert.equal(identified.flow.totpEnrolment, 'replacement_after_enrolment_code');
    assert.deepEqual(identified.effects, [], 'nothing is sent');
    const wrong = transition(identified.flow, { type: 'enrolment_code_checked', valid: false, reason: 'wrong_enrolment_code' }, now, limits);
    assert.equal(wrong.flow.state, 'ENROLMENT_CODE_REQUIRED');
    assert.deepEqual(wrong.effects.map((e) => e.type), ['record_failure', 'show_error']);
    const right = transition(identified.flow, { type: 'enrolment_code_checked', valid: true, reason: null }, now, limits);
    assert.equal(right.flow.state, 'TOTP_ENROLMENT_REQUIRED');
    assert.deepEqual(right.effects.map((e) => e.type), ['consume_enrolment_code', 'create_pending_totp']);
  });

  test('a never-enrolled account with email still enrols after the emailed code', () => {
    const identified = transition(newSignInFlow('uid-2', 'csrf', now, 600), { type: 'username_submitted', username: 'bob', usernameHash: 'hash:bob', account: noToken }, now, limits);
    assert.equal(identified.flow.state, 'PIN_REQUIRED');
    assert.equal(identified.flow.totpEnrolment, 'after_email_code');
  });
});
