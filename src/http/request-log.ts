// The first middleware: gives the request an id (the proxy's X-Request-Id when the proxy is
// trusted and the id is sane, else a new one), answers it in X-Request-Id, runs the rest inside
// the request context (request-context.ts), and writes one access log line when it ends. Probes,
// metrics and static files are logged at debug: they would drown the rest.
import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import { routeLabel } from '../metrics/http-metrics.ts';
import { runInRequest } from '../request-context.ts';
import type { Logger } from '../usecases/logger.ts';

const SANE_ID = /^[A-Za-z0-9._:-]{8,64}$/;
const QUIET_ROUTES = new Set(['healthz', 'readyz', 'metrics', 'static']);

export function requestLog(logger: Logger, trustProxy: boolean): Middleware {
  return async (ctx, next) => {
    const offered = trustProxy ? ctx.get('x-request-id') : '';
    const requestId = SANE_ID.test(offered) ? offered : randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    await runInRequest({ requestId, ip: ctx.ip, method: ctx.method, route: () => routeLabel(ctx) }, async () => {
      try {
        await next();
      } finally {
        const route = routeLabel(ctx);
        const line = { event: 'http.request', method: ctx.method, status: ctx.status, ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000 };
        if (QUIET_ROUTES.has(route)) logger.debug?.(line, 'request');
        else logger.info(line, 'request');
      }
    });
  };
}
