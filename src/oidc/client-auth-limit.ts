// Rate limit on client authentication: the token, introspection, revocation and pushed
// authorization request endpoints take a
// client secret, so an IP that keeps failing to authenticate is refused (429) until its window
// ends. Failures alone count: a busy client that authenticates correctly is never slowed.
import type Provider from 'oidc-provider';
import type { Middleware } from 'koa';
import type { SignInRateLimiter } from '../usecases/rate-limit.ts';
import type { Logger } from '../usecases/logger.ts';

export function clientAuthenticationLimit(provider: Provider, limiter: SignInRateLimiter, windowSeconds: number, logger: Logger): Middleware {
  const paths = new Set(['token', 'introspection', 'revocation', 'pushed_authorization_request'].map((route) => new URL(provider.urlFor(route)).pathname));
  // The count lives in the database. If it cannot be read or written, the limit steps aside:
  // the endpoint itself needs the same database and answers the outage (503) as it should.
  const orElse = async <T>(work: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      logger.warn({ event: 'client_auth.limit_unavailable', cause: (error as Error).message }, 'the client authentication limit could not be checked');
      return fallback;
    }
  };
  return async (ctx, next) => {
    if (ctx.method !== 'POST' || !paths.has(ctx.path)) return next();
    if (await orElse(() => limiter.clientAuthenticationBlocked(ctx.ip), false)) {
      ctx.status = 429;
      ctx.set('Retry-After', String(windowSeconds));
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { error: 'too_many_requests', error_description: 'too many failed client authentications from this address; try again later' };
      return;
    }
    await next();
    const error = (ctx.body as { error?: unknown } | undefined)?.error;
    if (ctx.status === 401 && error === 'invalid_client') {
      await orElse(() => limiter.countClientAuthenticationFailure(ctx.ip), undefined);
      logger.warn({ event: 'client_auth.failed', ip: ctx.ip, endpoint: ctx.path }, 'a client failed to authenticate');
    }
  };
}
