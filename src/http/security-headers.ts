// Security headers for Pingate's own pages: a strict CSP (no inline script or style),
// no framing, no referrer to other sites, and no caching of pages that carry a flow.
import helmet from 'koa-helmet';
import type { Middleware } from 'koa';

export function securityHeaders(): Middleware {
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'none'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'script-src': ["'self'"],
        // A sign-in form posts to this origin, which then redirects to the client: Chromium
        // applies form-action to that redirect too, so it is left to default (unrestricted).
        'frame-ancestors': ["'none'"],
        'base-uri': ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false, // set by the TLS-terminating proxy, which knows the scheme
  }) as unknown as Middleware;
  return async (ctx, next) => {
    await headers(ctx, next);
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Pragma', 'no-cache');
  };
}

/** For every response, including oidc-provider's own: no framing, no MIME sniffing, no
 * referrer. Set before the route runs, so a route that needs a fuller CSP replaces it. */
export function baselineHeaders(): Middleware {
  return async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Content-Security-Policy', "frame-ancestors 'none'");
    ctx.set('Referrer-Policy', 'no-referrer');
    await next();
  };
}

/** The full page headers for oidc-provider's pages that Pingate renders (logout). */
export function providerPageHeaders(): Middleware {
  const page = securityHeaders();
  return (ctx, next) => (ctx.path.startsWith('/session/end') || ctx.path === '/device' ? page(ctx, next) : next());
}
