// Sign-in rate limits on SQLite: fixed windows, one row per key, shared by every process on the
// file. One statement counts the IP and the username of a submission together and returns both
// counts (an upsert with RETURNING), so a submission costs one statement, not two.
// rate-limiter-flexible, used on MongoDB, has no node:sqlite store; the algorithm is the same.
import { CLIENT_AUTH_FAILURES_PER_IP_FACTOR, DEVICE_POLL_INTERVAL_SECONDS, type RateLimitSettings, type SignInRateLimiter } from '../../usecases/rate-limit.ts';
import type { Clock } from '../../usecases/ports.ts';
import type { SqliteDatabase } from './database.ts';

export function createSqliteRateLimiter(db: SqliteDatabase, settings: RateLimitSettings, clock: Clock): SignInRateLimiter {
  /** Counts one hit on each key; true when every key is still within its limit. */
  const hit = (limits: ReadonlyArray<readonly [key: string, limit: number]>, windowMs = settings.windowSeconds * 1000): boolean => {
    const now = clock.now().getTime();
    const values = limits.map((_, i) => `(?${i + 3}, 1, ?2)`).join(', ');
    const rows = db.all<{ key: string; points: number }>(
      `INSERT INTO rate_limits (key, points, expires_at) VALUES ${values}
       ON CONFLICT (key) DO UPDATE SET
         points = CASE WHEN expires_at > ?1 THEN points + 1 ELSE 1 END,
         expires_at = CASE WHEN expires_at > ?1 THEN expires_at ELSE excluded.expires_at END
       RETURNING key, points`,
      now, now + windowMs, ...limits.map(([key]) => key),
    );
    const points = new Map(rows.map((row) => [row.key, row.points]));
    return limits.every(([key, limit]) => (points.get(key) ?? 0) <= limit);
  };

  return {
    async allow(ip, usernameHash) {
      return hit(usernameHash ? [[`signin-ip:${ip}`, settings.perIp], [`signin-user:${usernameHash}`, settings.perUsername]] : [[`signin-ip:${ip}`, settings.perIp]]);
    },
    async allowAdminRequest(clientId) {
      return hit([[`admin-client:${clientId}`, settings.adminPerClient]]);
    },
    async allowRecoveryEmail(accountId) {
      return hit([[`recovery-email:${accountId}`, settings.recoveryEmailsPerHour]], 3_600_000);
    },
    async clientAuthenticationBlocked(ip, clientId) {
      // One statement for both counts: this runs before every token request.
      const keys = clientId === null ? [`client-auth-ip:${ip}`] : [`client-auth-ip:${ip}`, `client-auth:${ip}:${clientId}`];
      const rows = db.all<{ key: string; points: number }>(
        `SELECT key, points FROM rate_limits WHERE key IN (${keys.map(() => '?').join(', ')}) AND expires_at > ?`,
        ...keys, clock.now().getTime(),
      );
      const points = (key: string) => rows.find((row) => row.key === key)?.points ?? 0;
      if (points(keys[0]!) >= settings.clientAuthFailures * CLIENT_AUTH_FAILURES_PER_IP_FACTOR) return true;
      return keys[1] !== undefined && points(keys[1]) >= settings.clientAuthFailures;
    },
    async allowValidate(callerId, usernameHash) {
      return hit([[`validate-caller:${callerId}`, settings.validatePerCaller], [`signin-user:${usernameHash}`, settings.perUsername]]);
    },
    async allowDevicePoll(deviceCodeHash) {
      return hit([[`device-poll:${deviceCodeHash}`, 1]], DEVICE_POLL_INTERVAL_SECONDS * 1000);
    },
    async countClientAuthenticationFailure(ip, clientId) {
      hit([[`client-auth-ip:${ip}`, settings.clientAuthFailures * CLIENT_AUTH_FAILURES_PER_IP_FACTOR], [`client-auth:${ip}:${clientId}`, settings.clientAuthFailures]]);
    },
  };
}
