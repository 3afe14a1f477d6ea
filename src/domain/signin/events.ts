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
  readonly pinDemand: PinDemand['kind'];
  /** The account's policy forces server-generated PINs. */
  readonly randomPins: boolean;
}

export type FailureReason =
  | 'unknown_user'
  | 'account_unusable'
  | 'malformed_passcode'
  | 'wrong_pin'
  | 'wrong_tokencode'
  | 'replayed_tokencode';

export type NewPinVerdict =
  | { readonly kind: 'ok' }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'refused'; readonly violations: readonly PinViolation[] };

export type SignInEvent =
  | { readonly type: 'username_submitted'; readonly username: string; readonly account: AccountFacts | null }
  /** PIN + tokencode checked: valid only when the PIN matched, the code matched and its time
   * step was unused. `reason` is for the audit trail only: the user sees one message. */
  | { readonly type: 'passcode_checked'; readonly valid: boolean; readonly reason: FailureReason | null }
  /** Tokencode alone checked (account without a PIN). */
  | { readonly type: 'tokencode_checked'; readonly valid: boolean; readonly reason: FailureReason | null }
  | { readonly type: 'new_pin_submitted'; readonly verdict: NewPinVerdict }
  | { readonly type: 'random_pin_acknowledged' }
  | { readonly type: 'restart_requested' };
