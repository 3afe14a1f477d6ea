// Request durations by route: the route's name or pattern as the routers matched it
// (oidc-provider names its routes, "token", "authorization"...; koa-router gives the pattern,
// "/interaction/:uid"), never the path itself, which carries ids.
import type { Context, Middleware } from 'koa';
import type { Metrics } from './registry.ts';

const FIXED_PATHS: Readonly<Record<string, string>> = { '/healthz': 'healthz', '/readyz': 'readyz', '/metrics': 'metrics' };

/** Where a request that no route took (refused by a router-wide check first, or unknown) still
 * belongs: Pingate's own areas, by path prefix (a fixed list: the path itself is the client's). */
const AREAS = ['/interaction', '/admin/api', '/console', '/self-service', '/validate', '/demo', '/static'] as const;

export function routeLabel(ctx: Context): string {
  const matched = ctx as Context & { _matchedRouteName?: unknown; _matchedRoute?: unknown };
  if (typeof matched._matchedRouteName === 'string' && matched._matchedRouteName) return matched._matchedRouteName;
  // A router's use() middleware sets a pattern of its own ("(?:\/|$)"): not a route.
  if (typeof matched._matchedRoute === 'string' && matched._matchedRoute && !matched._matchedRoute.includes('(?:')) return matched._matchedRoute;
  const fixed = FIXED_PATHS[ctx.path];
  if (fixed) return fixed;
  const area = AREAS.find((prefix) => ctx.path === prefix || ctx.path.startsWith(`${prefix}/`));
  if (area === '/static') return 'static';
  return area ? `${area}/*` : 'unmatched';
}

export function httpMetrics(metrics: Metrics): Middleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpDuration.observe({ method: ctx.method, route: routeLabel(ctx), status: `${Math.floor(ctx.status / 100)}xx` }, seconds);
    }
  };
}
