// A sign-in flow: the persisted record of one pass through the sign-in pages, from the
// authorization request to the redirect back to the client. Its `state` alone says which page
// comes next; only transition() changes it.

export type SignInState =
  /** Asks for the username. */
  | 'USERNAME_REQUIRED'
  /** Asks for PIN and tokencode (two fields) or a passcode (one field). */
  | 'PASSCODE_REQUIRED'
  /** Done: the provider finishes the interaction and redirects to the client. */
  | 'COMPLETED';

export interface SignInFlow {
  /** The oidc-provider interaction uid this flow belongs to. */
  readonly id: string;
  readonly state: SignInState;
  /** Sent back in every form; compared in constant time (kratos-style per-flow CSRF token). */
  readonly csrfToken: string;
  /** The username as typed (trimmed); shown back on later pages. */
  readonly username: string | null;
  /** null while no username was given, and for usernames that match no usable account:
   * the flow goes on exactly as for a real account, and fails at the credential check. */
  readonly accountId: string | null;
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
    createdAt: now,
    expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
    version: 0,
  };
}

export const isFlowExpired = (flow: SignInFlow, now: Date): boolean => now.getTime() >= flow.expiresAt.getTime();
