// The sign-in state machine as a table: (state, event) -> (next state, effects), including
// every New PIN path.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AccountFacts, NewPinVerdict, SignInEvent } from '../../../src/domain/signin/events.ts';
import { newSignInFlow, type SignInFlow, type SignInState, type FlowPinDemand } from '../../../src/domain/signin/flow.ts';
import { transition } from '../../../src/domain/signin/transition.ts';
import { isDomainError } from '../../../src/domain/errors.ts';

const now = new Date('2026-11-22T12:00:00Z');
const limits = { newPinMaxAttempts: 3, nextTokencodeAfter: 0, emailCode: { ttlSeconds: 300, resendCooldownSeconds: 30, maxSends: 3, invalidatePrevious: true } };
const active: AccountFacts = { id: 'acc-1', status: 'ACTIVE', tokenType: 'totp', hadToken: true, pinDemand: 'none', randomPins: false, randomPinDelivery: 'screen', hasEmail: true, totpSelfEnrolment: false, pinRecovery: true };

function flowIn(state: SignInState, extra: Partial<SignInFlow> = {}): SignInFlow {
  const base = newSignInFlow('uid-1', 'csrf', now, 600);
  if (state === 'USERNAME_REQUIRED') return { ...base, ...extra };
  return { ...base, state, username: 'alice', accountId: 'acc-1', ...extra };
}
const demand = (pinDemand: FlowPinDemand, extra: Partial<SignInFlow> = {}) => ({ pinDemand, ...extra });

interface Row {
  readonly name: string;
  readonly from: SignInFlow;
  readonly event: SignInEvent;
  readonly next: SignInState;
  readonly accountId?: string | null;
  readonly effects: readonly string[];
}

type CheckType = 'passcode_checked' | 'tokencode_checked' | 'next_tokencode_checked' | 'pin_checked' | 'email_code_checked';
const failed = (type: CheckType, reason: 'wrong_pin' | 'wrong_tokencode' | 'replayed_tokencode' | 'account_locked' | 'wrong_email_code' | 'expired_email_code'): SignInEvent =>
  (type === 'passcode_checked' ? { type, valid: false, reason, failuresBefore: 0 } : { type, valid: false, reason }) as SignInEvent;
const ok = (type: CheckType, failuresBefore = 0): SignInEvent =>
  (type === 'passcode_checked' ? { type, valid: true, reason: null, failuresBefore } : { type, valid: true, reason: null }) as SignInEvent;
const newPin = (verdict: NewPinVerdict) => ({ type: 'new_pin_submitted', verdict }) as const;
const refused: NewPinVerdict = { kind: 'refused', violations: [{ rule: 'sequence', messageId: 'pin.sequence', params: {} }] };

const table: readonly Row[] = [
  // Username
  { name: 'active account with a PIN', from: flowIn('USERNAME_REQUIRED'), event: { type: 'username_submitted', username: 'alice', usernameHash: 'hash:alice', account: active }, next: 'PASSCODE_REQUIRED', accountId: 'acc-1', effects: [] },
  { name: 'account without a PIN asks for the tokencode alone', from: flowIn('USERNAME_REQUIRED'), event: { type: 'username_submitted', username: 'alice', usernameHash: 'hash:alice', account: { ...active, pinDemand: 'set' } }, next: 'TOKENCODE_REQUIRED', accountId: 'acc-1', effects: [] },
  { name: 'forced change still asks for the old PIN', from: flowIn('USERNAME_REQUIRED'), event: { type: 'username_submitted', username: 'alice', usernameHash: 'hash:alice', account: { ...active, pinDemand: 'change' } }, next: 'PASSCODE_REQUIRED', accountId: 'acc-1', effects: [] },
  { name: 'unknown username continues the same way', from: flowIn('USERNAME_REQUIRED'), event: { type: 'username_submitted', username: 'nobody', usernameHash: 'hash:nobody', account: null }, next: 'PASSCODE_REQUIRED', accountId: null, effects: [] },
  { name: 'disabled account continues as unknown', from: flowIn('USERNAME_REQUIRED'), event: { type: 'username_submitted', username: 'alice', usernameHash: 'hash:alice', account: { ...active, status: 'DISABLED' } }, next: 'PASSCODE_REQUIRED', accountId: null, effects: [] },
  { name: 'account without a token continues as unknown', from: flowIn('USERNAME_REQUIRED'), event: { type: 'username_submitted', username: 'alice', usernameHash: 'hash:alice', account: { ...active, tokenType: null } }, next: 'PASSCODE_REQUIRED', accountId: null, effects: [] },
  { name: 'PIN expired with action lock continues as unknown', from: flowIn('USERNAME_REQUIRED'), event: { type: 'username_submitted', username: 'alice', usernameHash: 'hash:alice', account: { ...active, pinDemand: 'expired-lock' } }, next: 'PASSCODE_REQUIRED', accountId: null, effects: [] },
  { name: 'empty username stays and says so', from: flowIn('USERNAME_REQUIRED'), event: { type: 'username_submitted', username: '', usernameHash: 'hash:', account: null }, next: 'USERNAME_REQUIRED', accountId: null, effects: ['show_error:signin.username_required'] },
  // Passcode
  { name: 'valid passcode completes', from: flowIn('PASSCODE_REQUIRED'), event: ok('passcode_checked'), next: 'COMPLETED', effects: ['record_success', 'complete_signin:pin,otp,mfa'] },
  { name: 'wrong PIN stays, one message', from: flowIn('PASSCODE_REQUIRED'), event: failed('passcode_checked', 'wrong_pin'), next: 'PASSCODE_REQUIRED', effects: ['record_failure:wrong_pin', 'show_error:signin.failed'] },
  { name: 'wrong code stays, same message', from: flowIn('PASSCODE_REQUIRED'), event: failed('passcode_checked', 'wrong_tokencode'), next: 'PASSCODE_REQUIRED', effects: ['record_failure:wrong_tokencode', 'show_error:signin.failed'] },
  { name: 'replayed code stays, same message', from: flowIn('PASSCODE_REQUIRED'), event: failed('passcode_checked', 'replayed_tokencode'), next: 'PASSCODE_REQUIRED', effects: ['record_failure:replayed_tokencode', 'show_error:signin.failed'] },
  { name: 'unknown user never completes, even if told valid', from: flowIn('PASSCODE_REQUIRED', { accountId: null }), event: ok('passcode_checked'), next: 'PASSCODE_REQUIRED', accountId: null, effects: ['record_failure:unknown_user', 'show_error:signin.failed'] },
  { name: 'valid passcode with a forced change enters New PIN mode', from: flowIn('PASSCODE_REQUIRED', demand('change')), event: ok('passcode_checked'), next: 'NEW_PIN_REQUIRED', effects: [] },
  { name: 'valid passcode with a forced change and random PINs issues one', from: flowIn('PASSCODE_REQUIRED', demand('change', { randomPins: true })), event: ok('passcode_checked'), next: 'RANDOM_PIN_ISSUED', effects: ['issue_random_pin'] },
  { name: 'a locked account fails like a wrong PIN', from: flowIn('PASSCODE_REQUIRED'), event: failed('passcode_checked', 'account_locked'), next: 'PASSCODE_REQUIRED', effects: ['record_failure:account_locked', 'show_error:signin.failed'] },
  // Next Tokencode mode (limit 2 in these rows)
  { name: 'after earlier failures a right passcode asks for the next code', from: flowIn('PASSCODE_REQUIRED'), event: ok('passcode_checked', 2), next: 'NEXT_TOKENCODE_REQUIRED', effects: ['show_notice'] },
  { name: 'the next code completes', from: flowIn('NEXT_TOKENCODE_REQUIRED', { factors: ['pin', 'otp'] }), event: ok('next_tokencode_checked'), next: 'COMPLETED', effects: ['record_success', 'complete_signin:pin,otp,mfa'] },
  { name: 'a wrong next code fails and stays', from: flowIn('NEXT_TOKENCODE_REQUIRED', { factors: ['pin', 'otp'] }), event: failed('next_tokencode_checked', 'wrong_tokencode'), next: 'NEXT_TOKENCODE_REQUIRED', effects: ['record_failure:wrong_tokencode', 'show_error:signin.failed'] },
  // Email token
  { name: 'email token: the username leads to the PIN alone', from: flowIn('USERNAME_REQUIRED'), event: { type: 'username_submitted', username: 'alice', usernameHash: 'hash:alice', account: { ...active, tokenType: 'email' } }, next: 'PIN_REQUIRED', accountId: 'acc-1', effects: [] },
  { name: 'email token without a PIN: a code is sent straight away', from: flowIn('USERNAME_REQUIRED'), event: { type: 'username_submitted', username: 'alice', usernameHash: 'hash:alice', account: { ...active, tokenType: 'email', pinDemand: 'set' } }, next: 'EMAIL_CODE_REQUIRED', accountId: 'acc-1', effects: ['send_email_code'] },
  { name: 'a right PIN asks for an email', from: flowIn('PIN_REQUIRED', { tokenType: 'email' }), event: ok('pin_checked'), next: 'PIN_REQUIRED', effects: ['send_email_code'] },
  { name: 'a wrong PIN sends no email', from: flowIn('PIN_REQUIRED', { tokenType: 'email' }), event: failed('pin_checked', 'wrong_pin'), next: 'PIN_REQUIRED', effects: ['record_failure:wrong_pin', 'show_error:signin.failed'] },
  { name: 'a sent code moves on, counts, and says so', from: flowIn('PIN_REQUIRED', { tokenType: 'email', factors: ['pin'] }), event: { type: 'email_code_sent', hash: 'h', expiresAt: new Date(now.getTime() + 300_000) }, next: 'EMAIL_CODE_REQUIRED', effects: ['record_email_sent', 'show_notice'] },
  { name: 'a failed delivery is not counted', from: flowIn('PIN_REQUIRED', { tokenType: 'email', factors: ['pin'] }), event: { type: 'email_delivery_failed' }, next: 'EMAIL_CODE_REQUIRED', effects: ['show_error:email.delivery_failed'] },
  { name: 'the right emailed code completes with PIN + code', from: flowIn('EMAIL_CODE_REQUIRED', { tokenType: 'email', factors: ['pin'] }), event: ok('email_code_checked'), next: 'COMPLETED', effects: ['record_success', 'complete_signin:pin,otp,mfa'] },
  { name: 'a wrong emailed code fails, same message', from: flowIn('EMAIL_CODE_REQUIRED', { tokenType: 'email', factors: ['pin'] }), event: failed('email_code_checked', 'wrong_email_code'), next: 'EMAIL_CODE_REQUIRED', effects: ['record_failure:wrong_email_code', 'show_error:signin.failed'] },
  { name: 'an expired emailed code fails, same message', from: flowIn('EMAIL_CODE_REQUIRED', { tokenType: 'email', factors: ['pin'] }), event: failed('email_code_checked', 'expired_email_code'), next: 'EMAIL_CODE_REQUIRED', effects: ['record_failure:expired_email_code', 'show_error:signin.failed'] },
  { name: 'the emailed code with a forced change enters New PIN mode', from: flowIn('EMAIL_CODE_REQUIRED', { tokenType: 'email', factors: ['pin'], pinDemand: 'change' }), event: ok('email_code_checked'), next: 'NEW_PIN_REQUIRED', effects: [] },
  { name: 'resend within the cooldown is refused', from: flowIn('EMAIL_CODE_REQUIRED', { emailSends: 1, lastEmailSentAt: new Date(now.getTime() - 10_000) }), event: { type: 'resend_requested' }, next: 'EMAIL_CODE_REQUIRED', effects: ['show_error:email.resend_wait'] },
  { name: 'resend after the cooldown sends', from: flowIn('EMAIL_CODE_REQUIRED', { emailSends: 1, lastEmailSentAt: new Date(now.getTime() - 31_000) }), event: { type: 'resend_requested' }, next: 'EMAIL_CODE_REQUIRED', effects: ['send_email_code'] },
  { name: 'resend beyond the cap is refused', from: flowIn('EMAIL_CODE_REQUIRED', { emailSends: 3, lastEmailSentAt: new Date(now.getTime() - 300_000) }), event: { type: 'resend_requested' }, next: 'EMAIL_CODE_REQUIRED', effects: ['show_error:email.resend_limit'] },
  { name: 'expired PIN with "send a new random PIN" becomes a forced change with an emailed PIN', from: flowIn('USERNAME_REQUIRED'), event: { type: 'username_submitted', username: 'alice', usernameHash: 'hash:alice', account: { ...active, pinDemand: 'expired-send-random' } }, next: 'PASSCODE_REQUIRED', accountId: 'acc-1', effects: [] },
  { name: 'wrong passcode with a forced change stays', from: flowIn('PASSCODE_REQUIRED', demand('change')), event: failed('passcode_checked', 'wrong_pin'), next: 'PASSCODE_REQUIRED', effects: ['record_failure:wrong_pin', 'show_error:signin.failed'] },
  // Tokencode only (no PIN yet)
  { name: 'valid tokencode enters New PIN mode', from: flowIn('TOKENCODE_REQUIRED', demand('set')), event: ok('tokencode_checked'), next: 'NEW_PIN_REQUIRED', effects: [] },
  { name: 'valid tokencode with random PINs issues one', from: flowIn('TOKENCODE_REQUIRED', demand('set', { randomPins: true })), event: ok('tokencode_checked'), next: 'RANDOM_PIN_ISSUED', effects: ['issue_random_pin'] },
  { name: 'wrong tokencode stays', from: flowIn('TOKENCODE_REQUIRED', demand('set')), event: failed('tokencode_checked', 'wrong_tokencode'), next: 'TOKENCODE_REQUIRED', effects: ['record_failure:wrong_tokencode', 'show_error:signin.failed'] },
  // New PIN
  { name: 'an accepted PIN is stored and the sign-in completes (PIN + code proven)', from: flowIn('NEW_PIN_REQUIRED', demand('change', { factors: ['pin', 'otp'] })), event: newPin({ kind: 'ok' }), next: 'COMPLETED', effects: ['record_success', 'store_new_pin', 'complete_signin:pin,otp,mfa'] },
  { name: 'a first PIN completes with the tokencode as the only proven factor', from: flowIn('NEW_PIN_REQUIRED', demand('set', { factors: ['otp'] })), event: newPin({ kind: 'ok' }), next: 'COMPLETED', effects: ['record_success', 'store_new_pin', 'complete_signin:otp'] },
  { name: 'a refused PIN stays with every reason, no new code asked', from: flowIn('NEW_PIN_REQUIRED', demand('change')), event: newPin(refused), next: 'NEW_PIN_REQUIRED', effects: ['show_error:newpin.refused:pin.sequence'] },
  { name: 'mismatched confirmation stays', from: flowIn('NEW_PIN_REQUIRED', demand('change')), event: newPin({ kind: 'mismatch' }), next: 'NEW_PIN_REQUIRED', effects: ['show_error:newpin.mismatch'] },
  { name: 'the last allowed refusal restarts the flow', from: flowIn('NEW_PIN_REQUIRED', demand('change', { newPinAttempts: 2 })), event: newPin({ kind: 'mismatch' }), next: 'USERNAME_REQUIRED', accountId: null, effects: ['show_error:newpin.too_many_attempts'] },
  // Random PIN
  { name: 'acknowledging a random PIN completes', from: flowIn('RANDOM_PIN_ISSUED', demand('set', { factors: ['otp'], randomPins: true })), event: { type: 'random_pin_acknowledged' }, next: 'COMPLETED', effects: ['record_success', 'complete_signin:otp'] },
  // Restart
  { name: 'restart from the passcode page', from: flowIn('PASSCODE_REQUIRED'), event: { type: 'restart_requested' }, next: 'USERNAME_REQUIRED', accountId: null, effects: [] },
  { name: 'restart from New PIN mode forgets the proven factors', from: flowIn('NEW_PIN_REQUIRED', demand('change', { factors: ['pin', 'otp'] })), event: { type: 'restart_requested' }, next: 'USERNAME_REQUIRED', accountId: null, effects: [] },
];

const describeEffect = (effect: { type: string; reason?: string; messageId?: string; amr?: readonly string[]; violations?: readonly { messageId: string }[] }) =>
  [effect.type, effect.reason, effect.messageId, effect.amr?.join(','), effect.violations?.map((v) => v.messageId).join(',')].filter(Boolean).join(':');

describe('transition table', () => {
  for (const row of table) {
    test(`${row.from.state} + ${row.event.type}: ${row.name}`, () => {
      const result = transition(row.from, row.event, now, { ...limits, nextTokencodeAfter: 2 });
      assert.equal(result.flow.state, row.next);
      if (row.accountId !== undefined) assert.equal(result.flow.accountId, row.accountId);
      assert.deepEqual(result.effects.map(describeEffect), row.effects);
    });
  }

  test('forgotten PIN: a known account gets a code by email, an unknown one the same page and notice', () => {
    const forgot = { ...newSignInFlow('uid-2', 'csrf', now, 600, 'forgot_pin') };
    const known = transition(forgot, { type: 'username_submitted', username: 'alice', usernameHash: 'hash:alice', account: active }, now, limits);
    assert.equal(known.flow.state, 'RECOVERY_CODE_REQUIRED');
    assert.deepEqual(known.effects.map((e) => e.type), ['send_email_code']);
    assert.equal(known.flow.pinDemand, 'change');
    const unknown = transition(forgot, { type: 'username_submitted', username: 'nobody', usernameHash: 'hash:nobody', account: null }, now, limits);
    assert.equal(unknown.flow.state, 'RECOVERY_CODE_REQUIRED');
    assert.deepEqual(unknown.effects, [{ type: 'show_notice', noticeId: 'recovery.sent' }]);
    const sent = transition(known.flow, { type: 'email_code_sent', hash: 'h', expiresAt: new Date(now.getTime() + 300_000) }, now, limits);
    assert.deepEqual(sent.effects.map((e) => ('noticeId' in e ? e.noticeId : e.type)), ['recovery.sent'], 'a recovery email does not count toward the lock');
    assert.equal(sent.flow.state, 'RECOVERY_CODE_REQUIRED');
    const recovered = transition(sent.flow, { type: 'recovery_checked', valid: true, reason: null }, now, limits);
    assert.equal(recovered.flow.state, 'NEW_PIN_REQUIRED');
    const unknownTries = transition(unknown.flow, { type: 'recovery_checked', valid: true, reason: null }, now, limits);
    assert.equal(unknownTries.flow.state, 'RECOVERY_CODE_REQUIRED', 'an unknown user never gets further');
  });

  test('a username that names no usable account is kept only as its hash; a restart forgets both', () => {
    const unknown = transition(flowIn('USERNAME_REQUIRED'), { type: 'username_submitted', username: '7204', usernameHash: 'hash:7204', account: null }, now, limits).flow;
    assert.deepEqual([unknown.username, unknown.usernameHash, unknown.accountId], [null, 'hash:7204', null]);
    const disabled = transition(flowIn('USERNAME_REQUIRED'), { type: 'username_submitted', username: 'alice', usernameHash: 'hash:alice', account: { ...active, status: 'DISABLED' } }, now, limits).flow;
    assert.deepEqual([disabled.username, disabled.usernameHash], [null, 'hash:alice']);
    const forgot = transition(newSignInFlow('uid-4', 'csrf', now, 600, 'forgot_pin'), { type: 'username_submitted', username: '7204', usernameHash: 'hash:7204', account: null }, now, limits).flow;
    assert.deepEqual([forgot.username, forgot.usernameHash], [null, 'hash:7204']);
    const known = transition(flowIn('USERNAME_REQUIRED'), { type: 'username_submitted', username: 'alice', usernameHash: 'hash:alice', account: active }, now, limits).flow;
    assert.deepEqual([known.username, known.usernameHash, known.accountId], ['alice', 'hash:alice', 'acc-1']);
    const restarted = transition(known, { type: 'restart_requested' }, now, limits).flow;
    assert.deepEqual([restarted.username, restarted.usernameHash], [null, null]);
  });

  test('change PIN: a PIN that needs no change is changed anyway', () => {
    const change = newSignInFlow('uid-3', 'csrf', now, 600, 'change_pin');
    const identified = transition(change, { type: 'username_submitted', username: 'alice', usernameHash: 'hash:alice', account: active }, now, limits);
    assert.equal(identified.flow.pinDemand, 'change');
    assert.equal(transition(identified.flow, ok('passcode_checked'), now, limits).flow.state, 'NEW_PIN_REQUIRED');
  });

  test('TOTP self-enrolment after the emailed code, or after the helpdesk enrolment code', () => {
    const enrolling = { ...active, tokenType: null, hadToken: false, totpSelfEnrolment: true };
    const byEmail = transition(flowIn('USERNAME_REQUIRED'), { type: 'username_submitted', username: 'alice', usernameHash: 'hash:alice', account: enrolling }, now, limits);
    assert.equal(byEmail.flow.state, 'PIN_REQUIRED');
    assert.equal(byEmail.flow.totpEnrolment, 'after_email_code');
    const codeChecked = transition({ ...byEmail.flow, state: 'EMAIL_CODE_REQUIRED', factors: ['pin'] }, ok('email_code_checked'), now, limits);
    assert.equal(codeChecked.flow.state, 'TOTP_ENROLMENT_REQUIRED');
    assert.deepEqual(codeChecked.effects.map((e) => e.type), ['create_pending_totp']);
    const activated = transition(codeChecked.flow, { type: 'totp_enrolment_checked', valid: true, reason: null }, now, limits);
    assert.equal(activated.flow.state, 'COMPLETED');
    assert.deepEqual(activated.effects.map((e) => e.type), ['record_success', 'activate_pending_totp', 'complete_signin']);

    const byCode = transition(flowIn('USERNAME_REQUIRED'), { type: 'username_submitted', username: 'alice', usernameHash: 'hash:alice', account: { ...enrolling, hasEmail: false } }, now, limits);
    assert.equal(byCode.flow.state, 'ENROLMENT_CODE_REQUIRED');
    const wrong = transition(byCode.flow, { type: 'enrolment_code_checked', valid: false, reason: 'wrong_enrolment_code' }, now, limits);
    assert.deepEqual(wrong.effects.map((e) => e.type), ['record_failure', 'show_error']);
    const right = transition(byCode.flow, { type: 'enrolment_code_checked', valid: true, reason: null }, now, limits);
    assert.equal(right.flow.state, 'TOTP_ENROLMENT_REQUIRED');
    assert.deepEqual(right.effects.map((e) => e.type), ['consume_enrolment_code', 'create_pending_totp']);

    const disabled = transition(flowIn('USERNAME_REQUIRED'), { type: 'username_submitted', username: 'alice', usernameHash: 'hash:alice', account: { ...enrolling, totpSelfEnrolment: false } }, now, limits);
    assert.equal(disabled.flow.accountId, null, 'no token and no self-enrolment: unusable');
  });

  test('Next Tokencode mode only from the configured number of failures', () => {
    const ntm = { ...limits, nextTokencodeAfter: 2 };
    assert.equal(transition(flowIn('PASSCODE_REQUIRED'), ok('passcode_checked', 1), now, ntm).flow.state, 'COMPLETED');
    assert.equal(transition(flowIn('PASSCODE_REQUIRED'), ok('passcode_checked', 2), now, ntm).flow.state, 'NEXT_TOKENCODE_REQUIRED');
    assert.equal(transition(flowIn('PASSCODE_REQUIRED'), ok('passcode_checked', 4), now, limits).flow.state, 'COMPLETED', 'off when 0');
  });

  test('a new emailed code replaces the earlier ones unless configured otherwise', () => {
    const flow = flowIn('EMAIL_CODE_REQUIRED', { emailSends: 1, emailCodes: [{ hash: 'old', expiresAt: new Date(now.getTime() + 100_000) }] });
    const sent = { type: 'email_code_sent', hash: 'new', expiresAt: new Date(now.getTime() + 300_000) } as const;
    assert.deepEqual(transition(flow, sent, now, limits).flow.emailCodes.map((c) => c.hash), ['new']);
    const keep = { ...limits, emailCode: { ...limits.emailCode, invalidatePrevious: false } };
    assert.deepEqual(transition(flow, sent, now, keep).flow.emailCodes.map((c) => c.hash), ['old', 'new']);
  });

  test('an expired-send-random account gets an emailed random PIN after its passcode', () => {
    const identified = transition(flowIn('USERNAME_REQUIRED'), { type: 'username_submitted', username: 'alice', usernameHash: 'hash:alice', account: { ...active, pinDemand: 'expired-send-random' } }, now, limits).flow;
    const result = transition(identified, ok('passcode_checked'), now, limits);
    assert.equal(result.flow.state, 'RANDOM_PIN_ISSUED');
    assert.deepEqual(result.effects, [{ type: 'issue_random_pin', accountId: 'acc-1', delivery: 'email' }]);
  });

  test('New PIN attempts are counted and the count survives in the flow', () => {
    let flow = flowIn('NEW_PIN_REQUIRED', demand('change'));
    flow = transition(flow, newPin({ kind: 'mismatch' }), now, limits).flow;
    flow = transition(flow, newPin(refused), now, limits).flow;
    assert.equal(flow.newPinAttempts, 2);
    assert.equal(flow.state, 'NEW_PIN_REQUIRED');
  });

  test('the validate API asks for a new PIN in two answers: the first kept as a hash, the second must repeat it', () => {
    const start = flowIn('NEW_PIN_REQUIRED', demand('change', { factors: ['pin', 'otp'] }));
    const once = transition(start, { type: 'new_pin_entered_once', verdict: { kind: 'ok' }, hash: 'h1' }, now, limits);
    assert.equal(once.flow.state, 'NEW_PIN_REQUIRED');
    assert.equal(once.flow.pendingNewPinHash, 'h1');
    assert.deepEqual(once.effects, [{ type: 'show_notice', noticeId: 'newpin.enter_again' }]);
    const mismatch = transition(once.flow, newPin({ kind: 'mismatch' }), now, limits);
    assert.equal(mismatch.flow.pendingNewPinHash, null, 'a mismatch starts the two answers again');
    assert.equal(mismatch.flow.newPinAttempts, 1);
    const refusedOnce = transition(start, { type: 'new_pin_entered_once', verdict: refused, hash: 'h2' }, now, limits);
    assert.equal(refusedOnce.flow.pendingNewPinHash, null, 'a refused PIN is not kept');
    assert.equal(refusedOnce.flow.newPinAttempts, 1);
    assert.deepEqual(refusedOnce.effects.map((e) => e.type), ['show_error']);
    const done = transition(once.flow, newPin({ kind: 'ok' }), now, limits);
    assert.equal(done.flow.state, 'COMPLETED');
    assert.equal(done.flow.pendingNewPinHash, null);
  });

  test('a passcode carrying a new PIN makes a PIN that needs nothing change; a first PIN stays one', () => {
    const offered = { type: 'passcode_checked', valid: true, reason: null, failuresBefore: 0, newPinOffered: true } as const;
    const changing = transition(flowIn('PASSCODE_REQUIRED', demand('none')), offered, now, limits).flow;
    assert.equal(changing.state, 'NEW_PIN_REQUIRED');
    assert.equal(changing.pinDemand, 'change');
    assert.equal(transition(flowIn('PASSCODE_REQUIRED', demand('none')), ok('passcode_checked'), now, limits).flow.state, 'COMPLETED');
    const wrong = transition(flowIn('PASSCODE_REQUIRED', demand('none')), { ...offered, valid: false, reason: 'wrong_pin' }, now, limits).flow;
    assert.equal(wrong.state, 'PASSCODE_REQUIRED', 'a wrong passcode changes nothing');
  });

  test('an event that does not belong to the state is refused', () => {
    const cases: Array<[SignInState, SignInEvent]> = [
      ['USERNAME_REQUIRED', ok('passcode_checked')],
      ['PASSCODE_REQUIRED', { type: 'username_submitted', username: 'x', usernameHash: 'hash:x', account: active }],
      ['PASSCODE_REQUIRED', ok('tokencode_checked')],
      ['TOKENCODE_REQUIRED', ok('passcode_checked')],
      ['NEW_PIN_REQUIRED', ok('passcode_checked')],
      ['RANDOM_PIN_ISSUED', newPin({ kind: 'ok' })],
      ['PIN_REQUIRED', ok('email_code_checked')],
      ['EMAIL_CODE_REQUIRED', ok('pin_checked')],
      ['NEXT_TOKENCODE_REQUIRED', ok('passcode_checked')],
      ['PASSCODE_REQUIRED', { type: 'resend_requested' }],
    ];
    for (const [state, event] of cases) {
      assert.throws(() => transition(flowIn(state), event, now, limits), (e) => isDomainError(e, 'flow_invalid'), `${state} + ${event.type}`);
    }
  });

  test('a completed flow accepts nothing', () => {
    assert.throws(() => transition(flowIn('COMPLETED'), { type: 'restart_requested' }, now, limits), (e) => isDomainError(e, 'flow_invalid'));
  });

  test('an expired flow accepts nothing', () => {
    const later = new Date(now.getTime() + 601_000);
    assert.throws(() => transition(flowIn('NEW_PIN_REQUIRED'), newPin({ kind: 'ok' }), later, limits), (e) => isDomainError(e, 'flow_expired'));
  });

  test('transition does not mutate the flow it is given', () => {
    const flow = Object.freeze(flowIn('USERNAME_REQUIRED'));
    transition(flow, { type: 'username_submitted', username: 'alice', usernameHash: 'hash:alice', account: active }, now, limits);
    assert.equal(flow.state, 'USERNAME_REQUIRED');
  });
});
