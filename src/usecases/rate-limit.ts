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
  /** Whether `ip` has failed client authentication (token, introspection, revocation) more
   * than its limit in the current window. Does not count. */
  clientAuthenticationBlocked(ip: string): Promise<boolean>;
  /** Counts one failed client authentication from `ip`. */
  countClientAuthenticationFailure(ip: string): Promise<void>;
}

/** The limits, per window of `windowSeconds` (configuration `rateLimit`). */
export interface RateLimitSettings {
  readonly windowSeconds: number;
  readonly perIp: number;
  readonly perUsername: number;
  readonly adminPerClient: number;
  /** Forgotten-PIN emails per account per hour. */
  readonly recoveryEmailsPerHour: number;
  /** Failed client authentications per client IP per window. */
  readonly clientAuthFailuresPerIp: number;
}
