// The rate-limit port: counts sign-in submissions per client IP and per username (by its keyed
// hash) in a store shared by every provider process.
export interface SignInRateLimiter {
  /** Counts one submission; false when either limit is exceeded in the current window. The
   * username is counted by its keyed hash (usecases/signin/typed-username.ts), never in clear. */
  allow(ip: string, usernameHash: string | null): Promise<boolean>;
  /** Counts one administration API request of `clientId`; false over the limit. */
  allowAdminRequest(clientId: string): Promise<boolean>;
  /** Counts one forgotten-PIN email to `accountId`; false over its hourly cap. */
  allowRecoveryEmail(accountId: string): Promise<boolean>;
  /** Whether `clientId` from `ip` has failed client authentication (token, introspection,
   * revocation, PAR) up to its limit in the current window, or `ip` up to ten times that across
   * every client id. `clientId` null: only the address's count is known. Does not count. */
  clientAuthenticationBlocked(ip: string, clientId: string | null): Promise<boolean>;
  /** Counts one poll of a pending device code (by a hash of it); false when the last one was
   * less than DEVICE_POLL_INTERVAL_SECONDS ago (RFC 8628 slow_down). */
  allowDevicePoll(deviceCodeHash: string): Promise<boolean>;
  /** Counts one validate API check of `callerId` and of the username it names (by its keyed
   * hash, toward perUsername); false when either limit is exceeded. */
  allowValidate(callerId: string, usernameHash: string): Promise<boolean>;
  /** Counts one failed client authentication of `clientId` (as claimed) from `ip`. */
  countClientAuthenticationFailure(ip: string, clientId: string): Promise<void>;
}

/** The limits, per window of `windowSeconds` (configuration `rateLimit`). */
export interface RateLimitSettings {
  readonly windowSeconds: number;
  readonly perIp: number;
  readonly perUsername: number;
  readonly adminPerClient: number;
  /** Forgotten-PIN emails per account per hour. */
  readonly recoveryEmailsPerHour: number;
  /** Failed client authentications per client id and IP per window (an IP: ten times that). */
  readonly clientAuthFailures: number;
  /** Validate API checks per caller per window. */
  readonly validatePerCaller: number;
}

/** The polling interval of the device authorization grant: RFC 8628's default, announced by
 * leaving `interval` out of the device authorization response. */
export const DEVICE_POLL_INTERVAL_SECONDS = 5;

/** An address's failures across every client id may reach this many times one client's. */
export const CLIENT_AUTH_FAILURES_PER_IP_FACTOR = 10;

