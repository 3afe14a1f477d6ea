// Liveness and readiness for load balancers, orchestrators and Docker's HEALTHCHECK.
// /healthz: the process answers (nothing else is checked: restarting a process because its
// database is down would not bring the database back). /readyz: the database answers a read
// within READY_TIMEOUT_MS and the signing keys are loaded; otherwise 503 naming the part that
// failed, so traffic goes elsewhere until it recovers (the next probe finds out by itself), and
// 503 "stopping" once a shutdown has begun (the accepted requests are finishing).
// Neither says more than a status: no versions, no addresses, no error texts (those are logged).
import type { Middleware } from 'koa';
import type { Secrets } from '../security/secrets.ts';
import type { Storage } from '../storage/storage.ts';
import type { Logger } from '../usecases/logger.ts';

export const READY_TIMEOUT_MS = 2_000;

type CheckStatus = 'ok' | 'unavailable' | 'timeout';

async function databaseCheck(storage: Pick<Storage, 'ping'>, logger: Logger): Promise<CheckStatus> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), READY_TIMEOUT_MS)));
  try {
    return await Promise.race([storage.ping().then(() => 'ok' as const), timeout]);
  } catch (error) {
    logger.warn({ event: 'readiness.database', err: error }, 'the database did not answer the readiness check');
    return 'unavailable';
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(storage: Pick<Storage, 'ping'>, secrets: Pick<Secrets, 'jwks'>, logger: Logger, stopping: () => boolean, signingAlg: string): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path === '/healthz') {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { status: 'ok' };
      return;
    }
    if (ctx.path !== '/readyz') return next();
    ctx.set('Cache-Control', 'no-store');
    if (stopping()) {
      ctx.status = 503;
      ctx.body = { status: 'stopping' };
      return;
    }
    const checks = {
      database: await databaseCheck(storage, logger),
      // A private key of the ID tokens' algorithm (the provider does not start without one).
      signingKeys: secrets.jwks.keys.some((key) => 'd' in key && key.alg === signingAlg) ? ('ok' as const) : ('unavailable' as const),
    };
    const ready = Object.values(checks).every((status) => status === 'ok');
    ctx.status = ready ? 200 : 503;
    if (!ready) ctx.set('Retry-After', '5');
    ctx.body = { status: ready ? 'ready' : 'unavailable', checks };
  };
}
