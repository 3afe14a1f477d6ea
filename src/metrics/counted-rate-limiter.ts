// Refusals of each rate limit, counted where the limits answer: the limiter port.
import type { SignInRateLimiter } from '../usecases/rate-limit.ts';
import type { Metrics } from './registry.ts';

export function countedRateLimiter(limiter: SignInRateLimiter, metrics: Metrics): SignInRateLimiter {
  const refused = (limit: string) => (allowed: boolean) => {
    if (!allowed) metrics.rateLimitRefusals.inc({ limit });
    return allowed;
  };
  return {
    allow: (ip, usernameHash) => limiter.allow(ip, usernameHash).then(refused('signin')),
    allowAdminRequest: (clientId) => limiter.allowAdminRequest(clientId).then(refused('admin_api')),
    allowRecoveryEmail: (accountId) => limiter.allowRecoveryEmail(accountId).then(refused('recovery_email')),
    clientAuthenticationBlocked: async (ip, clientId) => {
      const blocked = await limiter.clientAuthenticationBlocked(ip, clientId);
      if (blocked) metrics.rateLimitRefusals.inc({ limit: 'client_authentication' });
      return blocked;
    },
    allowDevicePoll: (deviceCodeHash) => limiter.allowDevicePoll(deviceCodeHash).then(refused('device_poll')),
    allowValidate: (callerId, usernameHash) => limiter.allowValidate(callerId, usernameHash).then(refused('validate')),
    countClientAuthenticationFailure: (ip, clientId) => limiter.countClientAuthenticationFailure(ip, clientId),
  };
}
