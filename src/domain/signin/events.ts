// Events fed to the sign-in state machine. Each carries the result of a check the use case
// made (hash comparison, TOTP verification, replay guard), so transition() stays pure.

export type PinState = 'NOT_SET' | 'SET' | 'CHANGE_FORCED';
export type AccountStatus = 'ACTIVE' | 'DISABLED';
export type TokenType = 'totp' | 'email';

/** What the state machine needs to know about an account to route the flow. */
export interface AccountFacts {
  readonly id: string;
  readonly status: AccountStatus;
  readonly pinState: PinState;
  /** The type of the account's active token; null when it has none. */
  readonly tokenType: TokenType | null;
}

export type SignInEvent =
  | { readonly type: 'username_submitted'; readonly username: string; readonly account: AccountFacts | null }
  | {
      readonly type: 'passcode_checked';
      /** true only when the PIN matched, the tokencode matched and its time step was unused. */
      readonly valid: boolean;
      /** Why it failed, for the audit trail only: the user always sees the same message. */
      readonly reason: FailureReason | null;
    }
  | { readonly type: 'restart_requested' };

export type FailureReason =
  | 'unknown_user'
  | 'account_unusable'
  | 'malformed_passcode'
  | 'wrong_pin'
  | 'wrong_tokencode'
  | 'replayed_tokencode';
