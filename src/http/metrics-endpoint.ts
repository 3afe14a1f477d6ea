// GET /metrics in Prometheus' text format, reachable one of two ways: on a port of its own
// (metrics.port, on a private interface: network access is the guard, and the token too when
// set), or on the main port with `Authorization: Bearer <PINGATE_METRICS_TOKEN>` only. Without
// a token the main port has no /metrics at all (404, like any unknown path), so nothing about
// sign-in volumes is public by default.
import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Middleware } from 'koa';
import type { Metrics } from '../metrics/registry.ts';
import type { Logger } from '../usecases/logger.ts';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time: both sides hashed to one length first. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(presented), digest(token));
}

type Answer = { readonly status: number; readonly body: string; readonly contentType: string };

async function answer(metrics: Metrics, token: string | undefined, authorization: string | undefined, logger: Logger, ip: string): Promise<Answer> {
  if (token && !bearerMatches(authorization, token)) {
    logger.warn({ event: 'metrics.unauthorized', ip }, 'a /metrics request without the right token');
    return { status: 401, body: 'unauthorized\n', contentType: 'text/plain; charset=utf-8' };
  }
  return { status: 200, body: await metrics.registry.metrics(), contentType: metrics.registry.contentType };
}

/** /metrics on the main port: only with a token. */
export function metricsRoute(metrics: Metrics, token: string | undefined, logger: Logger): Middleware {
  return async (ctx, next) => {
    if (ctx.path !== '/metrics' || ctx.method !== 'GET' || !token) return next();
    const result = await answer(metrics, token, ctx.get('authorization') || undefined, logger, ctx.ip);
    ctx.set('Cache-Control', 'no-store');
    if (result.status === 401) ctx.set('WWW-Authenticate', 'Bearer');
    ctx.status = result.status;
    ctx.type = result.contentType;
    ctx.body = result.body;
  };
}

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

/** /metrics on a port of its own; every other path is 404. */
export async function startMetricsServer(metrics: Metrics, { host, port }: { host: string; port: number }, token: string | undefined, logger: Logger): Promise<MetricsServer> {
  const server = http.createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/metrics' || request.method !== 'GET') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    answer(metrics, token, request.headers.authorization, logger, request.socket.remoteAddress ?? '')
      .then((result) => {
        response.writeHead(result.status, { 'content-type': result.contentType, 'cache-control': 'no-store', ...(result.status === 401 ? { 'www-authenticate': 'Bearer' } : {}) });
        response.end(result.body);
      })
      .catch((error: unknown) => {
        logger.error({ event: 'metrics.failed', err: error }, 'metrics could not be collected');
        response.writeHead(500).end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
