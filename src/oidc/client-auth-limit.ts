// Rate limit on client authentication: the token, introspection and revocation endpoints take a
// client secret, so an IP that keeps failing to authenticate is refused (429) until its window
// ends. Failures alone count: a busy client that authenticates correctly is never slowed.
import type Provider from 'oidc-provider';
import type { Middleware } from 'koa';
import type { SignInRateLimiter } from '../usecases/rate-limit.ts';
import type { Logger } from '../usecases/logger.ts';

export function clientAuthenticationLimit(provider: Provider, limiter: SignInRateLimiter, windowSeconds: number, logger: Logger): Middleware {
  const paths = new Set(['token', 'introspection', 'revocation'].map((route) => new URL(provider.urlFor(route)).pathname));
  return async (ctx, next) => {
    if (ctx.method !== 'POST' || !paths.has(ctx.path)) return next();
    if (await limiter.clientAuthenticationBlocked(ctx.ip)) {
      ctx.status = 429;
      ctx.set('Retry-After', String(windowSeconds));
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { error: 'too_many_requests', error_description: 'too many failed client authentications from this address; try again later' };
      return;
    }
    await next();
    const error = (ctx.body as { error?: unknown } | undefined)?.error;
    if (ctx.status === 401 && error === 'invalid_client') {
      await limiter.countClientAuthenticationFailure(ctx.ip);
      logger.warn({ event: 'client_auth.failed', ip: ctx.ip, endpoint: ctx.path }, 'a client failed to authenticate');
    }
  };
}
