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
