// A sign-in flow: the persisted record of one pass through the sign-in pages, from the
// authorization request to the redirect back to the client. Its `state` alone says which page
// comes next; only transition() changes it. See STATES.md.
import type { AuthenticationFactor } from './effects.ts';

export type SignInState =
  /** Asks for the username. */
  | 'USERNAME_REQUIRED'
  /** Asks for PIN and tokencode (two fields) or a passcode (one field). */
  | 'PASSCODE_REQUIRED'
  /** The account has no PIN yet: asks for the tokencode alone, then a new PIN. */
  | 'TOKENCODE_REQUIRED'
  /** Email token: asks for the PIN alone; when it is right, a code is emailed. */
  | 'PIN_REQUIRED'
  /** Email token: asks for the code that was emailed (with a resend button). */
  | 'EMAIL_CODE_REQUIRED'
  /** Next Tokencode mode (after earlier failures): asks for the code after the one just used. */
  | 'NEXT_TOKENCODE_REQUIRED'
  /** Forgotten PIN: asks for the emailed code (and the TOTP code when the account has a token). */
  | 'RECOVERY_CODE_REQUIRED'
  /** No token and no email: asks for the PIN (if any) and the enrolment code from the helpdesk. */
  | 'ENROLMENT_CODE_REQUIRED'
  /** TOTP self-enrolment: shows a QR code; the token is active once a valid code from it is entered. */
  | 'TOTP_ENROLMENT_REQUIRED'
  /** New PIN mode: possession is proven; asks for a new PIN twice, showing the policy. */
  | 'NEW_PIN_REQUIRED'
  /** Random PINs are forced: a server-generated PIN was stored and shown once; asks the user
   * to confirm they noted it. */
  | 'RANDOM_PIN_ISSUED'
  /** Done: the provider finishes the interaction and redirects to the client. */
  | 'COMPLETED';

/** What the account's PIN needs before the sign-in may complete, decided at the username step. */
export type FlowPinDemand = 'none' | 'set' | 'change';

/** Why a flow runs: an OIDC sign-in, a self-service page, the consent page of a client, or the
 * page of a signed-in account's sessions and applications. The last two use the flow for its
 * CSRF token (and the sessions page for the account it confirms: a re-authentication checks
 * PIN + code against it); they never reach transition(). `validate`: a check of the validate API
 * (usecases/validate), the same steps driven by a registered caller instead of pages. */
export type FlowPurpose = 'signin' | 'change_pin' | 'forgot_pin' | 'consent' | 'sessions' | 'validate';

/** Where a flow came from: the client that asked and the username it suggested (login_hint,
 * shown in the username field only, never trusted). */
export interface FlowOrigin {
  readonly clientId: string | null;
  readonly loginHint: string | null;
  /** The languages the pages were asked in (the client's ui_locales), kept for every page and
   * email of the flow. */
  readonly uiLocales?: string | null;
}

/** How an account without a token gets one during this sign-in: `after_email_code` and
 * `after_enrolment_code` for an account that never had one, `replacement_after_enrolment_code`
 * for one whose token was disabled or removed (the helpdesk decides: see enrolment.ts). */
export type TotpEnrolment = 'none' | 'after_email_code' | 'after_enrolment_code' | 'replacement_after_enrolment_code';

export interface SignInFlow {
  /** The oidc-provider interaction uid this flow belongs to. */
  readonly id: string;
  readonly state: SignInState;
  readonly purpose: FlowPurpose;
  /** The OIDC client the sign-in is for (null for self-service). */
  readonly clientId: string | null;
  /** The username the client suggested, to pre-fill the first page. */
  readonly loginHint: string | null;
  /** The languages the client asked the pages to be in (ui_locales, space-separated BCP 47 tags);
   * optional because flows stored before it have none. */
  readonly uiLocales?: string | null;
  /** Sent back in every form; compared in constant time (kratos-style per-flow CSRF token). */
  readonly csrfToken: string;
  /** The username of the account the flow signs in to, as typed (normalised). Null until a
   * username is given, and for one that matches no usable account: what was typed may be a
   * PIN typed in the wrong field, so only its hash is kept (the pages show back what the
   * browser sent, the same way for every username). */
  readonly username: string | null;
  /** A keyed hash of the username as typed (normalised), whether or not it names an account:
   * the per-username rate limit and the audit trail of unknown usernames count with it. */
  readonly usernameHash: string | null;
  /** null while no username was given, and for usernames that match no usable account:
   * the flow goes on exactly as for a real account, and fails at the credential check. */
  readonly accountId: string | null;
  readonly pinDemand: FlowPinDemand;
  /** The type of the account's token (null for unknown users). */
  readonly tokenType: 'totp' | 'email' | null;
  /** The account's policy forces server-generated PINs, shown on screen or emailed. */
  readonly randomPins: boolean;
  readonly randomPinDelivery: 'screen' | 'email';
  readonly totpEnrolment: TotpEnrolment;
  /** Emailed codes still valid in this flow, as keyed hashes (never the codes). */
  readonly emailCodes: readonly EmailCodeRecord[];
  /** Codes emailed in this flow so far, and when the last one went. */
  readonly emailSends: number;
  readonly lastEmailSentAt: Date | null;
  /** Factors proven so far in this flow. */
  readonly factors: readonly AuthenticationFactor[];
  /** Refused New PIN submissions so far (bounded by signin.newPinMaxAttempts). */
  readonly newPinAttempts: number;
  /** The validate API asks for a new PIN in two answers ("enter a new PIN", "enter it again"):
   * the first one, accepted by the policy, as a keyed hash (never the PIN) until the second. */
  readonly pendingNewPinHash?: string | null;
  /** Account console: the TOTP token this page enrolled after a re-authentication, which only
   * this flow may activate (its QR code is shown to this flow only). */
  readonly consoleTokenId?: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  /** Incremented on every save; a save succeeds only on the version it read (no double submit). */
  readonly version: number;
  /** Until when a request has claimed this step to change the account (store a PIN, count a
   * success): another submission meanwhile is refused as a double submit, even one that read the
   * flow after the claim. A claim left by a request that failed half-way lapses by itself. */
  readonly claimedUntil: Date | null;
}

export interface EmailCodeRecord {
  readonly hash: string;
  readonly expiresAt: Date;
}

/** Everything a flow learns about the account behind the username; cleared on a restart. */
const nothingKnown = {
  state: 'USERNAME_REQUIRED',
  username: null,
  usernameHash: null,
  accountId: null,
  pinDemand: 'none',
  tokenType: null,
  randomPins: false,
  randomPinDelivery: 'screen',
  totpEnrolment: 'none',
  emailCodes: [],
  factors: [],
  newPinAttempts: 0,
  pendingNewPinHash: null,
} as const satisfies Partial<SignInFlow>;

export function newSignInFlow(
  id: string,
  csrfToken: string,
  now: Date,
  ttlSeconds: number,
  purpose: FlowPurpose = 'signin',
  origin: FlowOrigin = { clientId: null, loginHint: null },
): SignInFlow {
  return {
    ...nothingKnown,
    id,
    purpose,
    clientId: origin.clientId,
    loginHint: origin.loginHint,
    uiLocales: origin.uiLocales ?? null,
    csrfToken,
    emailSends: 0,
    lastEmailSentAt: null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
    version: 0,
    claimedUntil: null,
  };
}

/** Back to the username page, forgetting everything learned about the account. The count of
 * emailed codes is kept: restarting must not reset the per-flow cap on sends. */
export const restarted = (flow: SignInFlow): SignInFlow => ({ ...flow, ...nothingKnown });

export const isFlowExpired = (flow: SignInFlow, now: Date): boolean => now.getTime() >= flow.expiresAt.getTime();

/** How long a claim on a step holds: far longer than a step takes (an argon2id hash, a few writes). */
export const CLAIM_SECONDS = 30;

export const isClaimed = (flow: SignInFlow, now: Date): boolean => flow.claimedUntil !== null && flow.claimedUntil.getTime() > now.getTime();
