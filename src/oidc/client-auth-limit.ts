// Rate limit on client authentication: the token, introspection, revocation and pushed
// authorization request endpoints take a
// client secret, so an IP that keeps failing to authenticate is refused (429) until its window
// ends. Failures alone count: a busy client that authenticates correctly is never slowed. They
// are counted per client id and address, so one failing caller behind a shared address (an
// office's NAT) blocks only the client id it tries, and per address at ten times that, which
// stops one address from trying many client ids.
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
    if (await orElse(() => limiter.clientAuthenticationBlocked(ctx.ip, basicClientId(ctx.get('authorization'))), false)) {
      ctx.status = 429;
      ctx.set('Retry-After', String(windowSeconds));
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { error: 'too_many_requests', error_description: 'too many failed client authentications from this address; try again later' };
      return;
    }
    await next();
    const error = (ctx.body as { error?: unknown } | undefined)?.error;
    if (ctx.status === 401 && error === 'invalid_client') {
      // The client id as claimed (HTTP Basic, or the form's client_id that oidc-provider read).
      const claimed = basicClientId(ctx.get('authorization')) ?? String((ctx as { oidc?: { params?: { client_id?: unknown } } }).oidc?.params?.client_id ?? '');
      await orElse(() => limiter.countClientAuthenticationFailure(ctx.ip, claimed.slice(0, 200)), undefined);
      logger.warn({ event: 'client_auth.failed', ip: ctx.ip, endpoint: ctx.path }, 'a client failed to authenticate');
    }
  };
}

/** The client id of an HTTP Basic Authorization header (form-urlencoded, RFC 6749 2.3.1), if any. */
function basicClientId(header: string): string | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  try {
    return decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')).slice(0, 200);
  } catch {
    return null;
  }
}
