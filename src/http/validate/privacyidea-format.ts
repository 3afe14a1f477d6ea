// The validate API's answers in privacyIDEA's response format (its /validate/check, 3.x), field
// for field where a client may read one (docs/validate-api.md lists what differs and why). The
// one message of a rejection says nothing of which part was wrong, and names no token.
import { describeViolation } from '../../domain/pin-policy/index.ts';
import { PINGATE_VERSION } from '../../config/version.ts';
import type { ValidateAnswer, ValidateChallenge } from '../../usecases/validate/answer.ts';
import type { TransactionStatus } from '../../usecases/validate/poll-transaction.ts';


const envelope = (id: number, result: Record<string, unknown>, detail: Record<string, unknown> | null) => ({
  detail,
  id,
  jsonrpc: '2.0',
  result,
  time: Date.now() / 1000,
  version: `Pingate ${PINGATE_VERSION}`,
  versionnumber: PINGATE_VERSION,
});

export const REJECT_MESSAGE = 'wrong otp pin or otp value';
export const CHALLENGE_REJECT_MESSAGE = 'Response did not match the challenge.';

/** The body of a check's answer; `answeringChallenge`: the request carried a transaction_id. */
export function checkResponse(answer: ValidateAnswer, answeringChallenge: boolean) {
  if (answer.kind === 'accept') {
    const token = answer.token;
    const detail = answeringChallenge
      ? { message: 'Found matching challenge', ...(token ? { serial: token.serial } : {}) }
      : { message: 'matching 1 tokens', ...(token ? { otplen: token.digits, serial: token.serial, type: token.type } : {}) };
    // Pingate's own field: the assurance the check earned (an emailed code ranks below an app).
    return envelope(2, { authentication: 'ACCEPT', status: true, value: true }, { ...detail, pingate_acr: answer.acr });
  }
  if (answer.kind === 'reject') {
    return envelope(2, { authentication: 'REJECT', status: true, value: false }, { message: answeringChallenge ? CHALLENGE_REJECT_MESSAGE : REJECT_MESSAGE });
  }
  const message = challengeMessage(answer);
  const serial = answer.token?.serial ?? null;
  const type = answer.challenge === 'email_code' ? 'email' : answer.token?.type ?? 'totp';
  const attributes = { state: null };
  return envelope(2, { authentication: 'CHALLENGE', status: true, value: false }, {
    attributes,
    client_mode: 'interactive',
    message,
    messages: [message],
    multi_challenge: [{ attributes, client_mode: 'interactive', message, serial, transaction_id: answer.transactionId, type }],
    preferred_client_mode: 'interactive',
    serial,
    transaction_id: answer.transactionId,
    transaction_ids: [answer.transactionId],
    type,
    // Pingate's own fields: which question this is, and for a new PIN the policy and why the
    // last one was refused, for callers that show them apart (docs/validate-api.md).
    pingate_challenge: answer.challenge,
    ...(answer.challenge === 'new_pin'
      ? { pin_policy: answer.policyRules, pin_violations: answer.violations.map((v) => ({ rule: v.rule, message: describeViolation(v) })), pin_mismatch: answer.mismatch }
      : {}),
  });
}

const PROMPTS: Record<ValidateChallenge, string> = {
  email_code: 'Enter the OTP from the Email',
  next_tokencode: 'Wait for the next code in your authenticator app and enter it',
  new_pin: 'Please enter a new PIN',
  new_pin_again: 'Please enter the new PIN again',
  random_pin: 'Your new PIN was sent to your email address. Enter anything to continue',
};

export function challengeMessage(answer: Extract<ValidateAnswer, { kind: 'challenge' }>): string {
  if (answer.challenge !== 'new_pin') return PROMPTS[answer.challenge];
  const why = answer.mismatch
    ? 'The two PINs were not the same. '
    : answer.violations.length > 0
      ? `This PIN cannot be used: ${answer.violations.map(describeViolation).join(' ')} `
      : '';
  const rules = answer.policyRules.length > 0 ? ` (${answer.policyRules.map((rule) => rule.replace(/\.$/, '')).join('; ')})` : '';
  return `${why}${PROMPTS.new_pin}${rules}`;
}

/** /validate/samlcheck: the same answer, with result.value {auth, attributes} (the attributes of
 * the account only when it was accepted). */
export function samlCheckResponse(answer: ValidateAnswer, answeringChallenge: boolean) {
  const body = checkResponse(answer, answeringChallenge);
  const attributes =
    answer.kind === 'accept'
      ? { username: answer.user.username, realm: '', email: answer.user.email ?? '', givenname: answer.user.displayName ?? '', surname: '', mobile: '', phone: '' }
      : {};
  return { ...body, result: { ...body.result, value: { auth: answer.kind === 'accept', attributes } } };
}

/** /validate/polltransaction: value true once the transaction was accepted. */
export function pollResponse(status: TransactionStatus) {
  return envelope(2, { status: true, value: status === 'accept' }, { challenge_status: status });
}

/** An error answer: status false, with a code and message, as privacyIDEA's. */
export function errorResponse(code: number, message: string) {
  return envelope(1, { error: { code, message: `ERR${code}: ${message}` }, status: false }, null);
}
