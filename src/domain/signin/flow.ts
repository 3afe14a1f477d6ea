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
  /** New PIN mode: possession is proven; asks for a new PIN twice, showing the policy. */
  | 'NEW_PIN_REQUIRED'
  /** Random PINs are forced: a server-generated PIN was stored and shown once; asks the user
   * to confirm they noted it. */
  | 'RANDOM_PIN_ISSUED'
  /** Done: the provider finishes the interaction and redirects to the client. */
  | 'COMPLETED';

/** What the account's PIN needs before the sign-in may complete, decided at the username step. */
export type FlowPinDemand = 'none' | 'set' | 'change';

export interface SignInFlow {
  /** The oidc-provider interaction uid this flow belongs to. */
  readonly id: string;
  readonly state: SignInState;
  /** Sent back in every form; compared in constant time (kratos-style per-flow CSRF token). */
  readonly csrfToken: string;
  /** The username as typed (normalised); shown back on later pages. */
  readonly username: string | null;
  /** null while no username was given, and for usernames that match no usable account:
   * the flow goes on exactly as for a real account, and fails at the credential check. */
  readonly accountId: string | null;
  readonly pinDemand: FlowPinDemand;
  /** The account's policy forces server-generated PINs. */
  readonly randomPins: boolean;
  /** Factors proven so far in this flow. */
  readonly factors: readonly AuthenticationFactor[];
  /** Refused New PIN submissions so far (bounded by signin.newPinMaxAttempts). */
  readonly newPinAttempts: number;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  /** Incremented on every save; a save succeeds only on the version it read (no double submit). */
  readonly version: number;
}

export function newSignInFlow(id: string, csrfToken: string, now: Date, ttlSeconds: number): SignInFlow {
  return {
    id,
    state: 'USERNAME_REQUIRED',
    csrfToken,
    username: null,
    accountId: null,
    pinDemand: 'none',
    randomPins: false,
    factors: [],
    newPinAttempts: 0,
    createdAt: now,
    expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
    version: 0,
  };
}

/** Back to the username page, forgetting everything learned about the account. */
export const restarted = (flow: SignInFlow): SignInFlow => ({
  ...flow,
  state: 'USERNAME_REQUIRED',
  username: null,
  accountId: null,
  pinDemand: 'none',
  randomPins: false,
  factors: [],
  newPinAttempts: 0,
});

export const isFlowExpired = (flow: SignInFlow, now: Date): boolean => now.getTime() >= flow.expiresAt.getTime();
