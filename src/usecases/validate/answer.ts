// What a validate check answers, before an adapter writes it in privacyIDEA's format: accepted,
// rejected (one answer for every failure: unknown user, wrong PIN or code, locked account), or
// a challenge the caller relays to the user and answers with the same transaction id.
import type { PinViolation } from '../../domain/pin-policy/index.ts';

export type ValidateChallenge =
  /** A code was emailed (after the right PIN, or at once for an account without a PIN). */
  | 'email_code'
  /** Next Tokencode mode: the code after the one just accepted. */
  | 'next_tokencode'
  /** New PIN mode: a new PIN (the policy's rules, and why the last one was refused, if it was). */
  | 'new_pin'
  /** New PIN mode: the new PIN once more. */
  | 'new_pin_again'
  /** Random PINs are forced: the PIN was generated and emailed (never shown to a caller: it would
   * travel in a RADIUS reply); any answer confirms it was received. */
  | 'random_pin';

export interface TokenSummary {
  readonly serial: string;
  readonly type: 'totp' | 'email';
  readonly digits: number;
}

/** Who was accepted, for /validate/samlcheck's attributes. */
export interface UserSummary {
  readonly username: string;
  readonly email: string | null;
  readonly displayName: string | null;
}

/** The account an answer concerns, for the audit trail only (never in the answer itself). */
export interface AuditedAccount {
  readonly id: string;
  readonly username: string;
}

export type ValidateAnswer =
  | { readonly kind: 'accept'; readonly token: TokenSummary | null; readonly user: UserSummary; readonly account: AuditedAccount; readonly acr: string }
  | { readonly kind: 'reject'; readonly account?: AuditedAccount | null }
  | {
      readonly kind: 'challenge';
      readonly account: AuditedAccount | null;
      readonly challenge: ValidateChallenge;
      readonly transactionId: string;
      readonly token: TokenSummary | null;
      /** Why the last new PIN was refused (new_pin), empty otherwise. */
      readonly violations: readonly PinViolation[];
      /** The last new PIN was not the same twice (new_pin). */
      readonly mismatch: boolean;
      /** The policy's rules in words (new_pin). */
      readonly policyRules: readonly string[];
    };
