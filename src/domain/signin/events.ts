// Events fed to the sign-in state machine. Each carries the result of a check the use case
// made (hash comparison, TOTP verification, replay guard, PIN policy), so transition() stays pure.
import type { PinDemand } from '../pin-lifecycle.ts';
import type { PinViolation } from '../pin-policy/index.ts';

export type PinState = 'NOT_SET' | 'SET' | 'CHANGE_FORCED';
export type AccountStatus = 'ACTIVE' | 'DISABLED';
export type TokenType = 'totp' | 'email';

/** What the state machine needs to know about an account to route the flow. */
export interface AccountFacts {
  readonly id: string;
  readonly status: AccountStatus;
  /** The type of the account's active token; null when it has none. */
  readonly tokenType: TokenType | null;
  /** A token was once enrolled for the account (never forgotten when tokens are disabled or
   * deleted): without one now, it enrols again only with the helpdesk's enrolment code. */
  readonly hadToken: boolean;
  readonly pinDemand: PinDemand['kind'];
  /** The account's policy forces server-generated PINs. */
  readonly randomPins: boolean;
  /** Where a generated PIN goes (email only when the account can receive email). */
  readonly randomPinDelivery: 'screen' | 'email';
  /** The account can receive email (needed for emailed codes and PIN recovery). */
  readonly hasEmail: boolean;
  /** Self-enrolment of a TOTP token is allowed (configuration) for this account. */
  readonly totpSelfEnrolment: boolean;
  /** A forgotten PIN may be reset by self-service: the account has an email address and an
   * authenticator (or configuration allows the emailed code alone). */
  readonly pinRecovery: boolean;
}

export type FailureReason =
  | 'unknown_user'
  | 'account_unusable'
  | 'malformed_passcode'
  | 'wrong_pin'
  | 'wrong_tokencode'
  | 'replayed_tokencode'
  | 'account_locked'
  | 'wrong_email_code'
  | 'expired_email_code'
  | 'wrong_enrolment_code';

export type NewPinVerdict =
  | { readonly kind: 'ok' }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'refused'; readonly violations: readonly PinViolation[] };

export type SignInEvent =
  /** `usernameHash`: the keyed hash of `username` (the use case holds the key); the flow keeps
   * the username itself only when it names a usable account. */
  | {
      readonly type: 'username_submitted';
      readonly username: string;
      readonly usernameHash: string;
      readonly account: AccountFacts | null;
    }
  /** PIN + tokencode checked: valid only when the PIN matched, the code matched, its time step
   * was unused and the account is not locked. `reason` is for the audit trail only: the user
   * sees one message. `failuresBefore`: consecutive failures before this attempt. */
  | {
      readonly type: 'passcode_checked';
      readonly valid: boolean;
      readonly reason: FailureReason | null;
      readonly failuresBefore: number;
      /** A one-field passcode that also carried a new PIN twice (pinotpnew_pinnew_pin): the PIN
       * is to be changed in this sign-in even if nothing demands it. */
      readonly newPinOffered?: boolean;
    }
  /** Tokencode alone checked (account without a PIN). */
  | { readonly type: 'tokencode_checked'; readonly valid: boolean; readonly reason: FailureReason | null }
  /** The code after the one just accepted (Next Tokencode mode). */
  | { readonly type: 'next_tokencode_checked'; readonly valid: boolean; readonly reason: FailureReason | null }
  /** PIN alone checked (email token). */
  | { readonly type: 'pin_checked'; readonly valid: boolean; readonly reason: FailureReason | null }
  | { readonly type: 'email_code_checked'; readonly valid: boolean; readonly reason: FailureReason | null }
  | { readonly type: 'resend_requested' }
  /** Forgotten PIN: the emailed code, plus the TOTP code when the account has a token. */
  | { readonly type: 'recovery_checked'; readonly valid: boolean; readonly reason: FailureReason | null }
  /** PIN (if set) and the helpdesk's enrolment code. */
  | { readonly type: 'enrolment_code_checked'; readonly valid: boolean; readonly reason: FailureReason | null }
  /** A code from the TOTP token being enrolled. */
  | { readonly type: 'totp_enrolment_checked'; readonly valid: boolean; readonly reason: FailureReason | null }
  /** The use case emailed a code (after a send_email_code effect). */
  | { readonly type: 'email_code_sent'; readonly hash: string; readonly expiresAt: Date }
  | { readonly type: 'email_delivery_failed' }
  | { readonly type: 'new_pin_submitted'; readonly verdict: NewPinVerdict }
  /** The first of two answers with a new PIN (validate API): judged by the policy alone; `hash`
   * is its keyed hash, kept until the second answer repeats it. */
  | { readonly type: 'new_pin_entered_once'; readonly verdict: NewPinVerdict; readonly hash: string }
  | { readonly type: 'random_pin_acknowledged' }
  | { readonly type: 'restart_requested' };
