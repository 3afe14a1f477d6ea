// Effects are data: transition() says what must happen, the use case makes it happen.
// "Commit" effects (storing a PIN) run before the flow is saved, so the flow never gets ahead
// of the account; the others run after.
import type { PinViolation } from '../pin-policy/index.ts';
import type { FailureReason } from './events.ts';

export type AuthenticationFactor = 'pin' | 'otp';
/** RFC 8176 authentication method references. */
export type AuthenticationMethod = AuthenticationFactor | 'mfa';

export type SignInMessageId =
  | 'signin.failed'
  | 'signin.username_required'
  | 'newpin.mismatch'
  | 'newpin.refused'
  | 'newpin.too_many_attempts'
  | 'email.delivery_failed'
  | 'email.resend_wait'
  | 'email.resend_limit';

/** Information shown on a page that is not an error. */
export type SignInNoticeId = 'email.sent' | 'email.resent' | 'signin.next_tokencode' | 'recovery.sent' | 'newpin.enter_again';

export type SignInEffect =
  | { readonly type: 'record_failure'; readonly accountId: string | null; readonly reason: FailureReason }
  /** Commit: resets the failure count — only if the account is not locked, atomically; if it
   * is, the sign-in fails instead and the flow does not advance. */
  | { readonly type: 'record_success'; readonly accountId: string }
  /** Counts toward lockout like a failure: a PIN that triggers an email (so codes cannot be
   * flooded). A later success resets the count. */
  | { readonly type: 'record_email_sent'; readonly accountId: string }
  /** Generate a code, email it, then report email_code_sent or email_delivery_failed. */
  | { readonly type: 'send_email_code'; readonly accountId: string }
  | { readonly type: 'show_notice'; readonly noticeId: SignInNoticeId }
  /** Commit: create a PENDING TOTP token for the account (shown as a QR code). */
  | { readonly type: 'create_pending_totp'; readonly accountId: string }
  /** Commit: the pending TOTP token proved itself; make it ACTIVE. */
  | { readonly type: 'activate_pending_totp'; readonly accountId: string }
  /** Commit: the helpdesk's enrolment code is used up. */
  | { readonly type: 'consume_enrolment_code'; readonly accountId: string }
  /** Commit: hash and store the PIN the user just chose (state SET, history updated). */
  | { readonly type: 'store_new_pin'; readonly accountId: string }
  /** Commit: generate a PIN that meets the policy, store it (state SET) and show it once. */
  | { readonly type: 'issue_random_pin'; readonly accountId: string; readonly delivery: 'screen' | 'email' }
  | { readonly type: 'complete_signin'; readonly accountId: string; readonly amr: readonly AuthenticationMethod[] }
  /** Tell the user what went wrong; one message for every credential failure (no oracle). */
  | { readonly type: 'show_error'; readonly messageId: SignInMessageId; readonly violations?: readonly PinViolation[] };

export const isCommitEffect = (effect: SignInEffect): boolean =>
  effect.type === 'record_success' ||
  effect.type === 'store_new_pin' ||
  effect.type === 'issue_random_pin' ||
  effect.type === 'create_pending_totp' ||
  effect.type === 'activate_pending_totp' ||
  effect.type === 'consume_enrolment_code';

export function amrFor(factors: readonly AuthenticationFactor[]): AuthenticationMethod[] {
  const unique = [...new Set(factors)];
  return unique.length >= 2 ? [...unique, 'mfa'] : unique;
}
