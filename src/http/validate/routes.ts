// The validate API under /validate: POST /validate/check, form-encoded or JSON, answered in
// privacyIDEA's format so its plugins (Keycloak provider, FreeRADIUS and PAM modules) work with
// Pingate unchanged. The caller is identified first (usecases/validate/callers.ts); an unknown
// one gets 401 and counts toward the client-authentication limit of its address.
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import { isDomainError } from '../../domain/errors.ts';
import type { Logger } from '../../usecases/logger.ts';
import type { SignInRateLimiter } from '../../usecases/rate-limit.ts';
import type { ClientStore } from '../../usecases/ports.ts';
import { identifyValidateCaller, type CallerProof } from '../../usecases/validate/callers.ts';
import { validateCheck, type ValidateCaller, type ValidateDependencies } from '../../usecases/validate/check.ts';
import { checkResponse, errorResponse, pollResponse, samlCheckResponse } from './privacyidea-format.ts';
import { pollTransaction } from '../../usecases/validate/poll-transaction.ts';
import { radiusResponse, transactionIdFromState } from './freeradius-format.ts';

export interface ValidateRouteDependencies {
  readonly provider: Provider;
  readonly validate: ValidateDependencies;
  readonly clients: ClientStore;
  readonly rateLimiter: SignInRateLimiter;
  readonly logger: Logger;
  readonly isStorageUnavailable: (error: unknown) => boolean;
}

/** privacyIDEA's error codes where one fits (905: a parameter), Pingate's own otherwise. */
const ERR_PARAMETER = 905;
const ERR_UNAUTHORIZED = 4031;
const ERR_RATE_LIMITED = 4290;
const ERR_UNAVAILABLE = 5030;
const ERR_INTERNAL = 5000;

export function createValidateRouter(deps: ValidateRouteDependencies): Router {
  const router = new Router({ prefix: '/validate' });
  router.use(async (ctx, next) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.set('X-Content-Type-Options', 'nosniff');
    try {
      await next();
    } catch (error) {
      fail(ctx, deps, error);
    }
  });
  router.use(bodyParser({ enableTypes: ['json', 'form'], jsonLimit: '16kb', formLimit: '16kb', onError: (_error, ctx) => ctx.throw(400, 'the body is not valid JSON or form data') }));

  const check = (format: typeof checkResponse) => async (ctx: Context) => {
    const caller = await callerOf(ctx, deps);
    if (!caller) return;
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const user = field(body, 'user');
    const pass = field(body, 'pass');
    const transactionId = field(body, 'transaction_id');
    field(body, 'realm'); // accepted, and ignored: Pingate has one realm
    if (user === undefined || pass === undefined) return answerError(ctx, 400, ERR_PARAMETER, 'missing parameter: user and pass are required');
    const answer = await validateCheck(deps.validate, caller, { user, pass, transactionId: transactionId || null }, ctx.ip);
    ctx.status = 200;
    ctx.body = format(answer, Boolean(transactionId));
  };
  router.post('/check', check(checkResponse));
  router.post('/samlcheck', check(samlCheckResponse));
  // FreeRADIUS's rest module (integrations/freeradius): the same check, its answer format.
  router.post('/radius', async (ctx) => {
    const caller = await callerOf(ctx, deps);
    if (!caller) return;
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const user = field(body, 'user');
    const pass = field(body, 'pass');
    const transactionId = transactionIdFromState(field(body, 'state'));
    if (user === undefined || pass === undefined) return answerError(ctx, 400, ERR_PARAMETER, 'missing parameter: user and pass are required');
    const answer = await validateCheck(deps.validate, caller, { user, pass, transactionId }, ctx.ip);
    const { status, body: attributes } = radiusResponse(answer, transactionId !== null);
    ctx.status = status;
    if (attributes) ctx.body = attributes;
  });
  router.get('/polltransaction', async (ctx) => {
    const caller = await callerOf(ctx, deps);
    if (!caller) return;
    const transactionId = typeof ctx.query.transaction_id === 'string' ? ctx.query.transaction_id : undefined;
    if (!transactionId) return answerError(ctx, 400, ERR_PARAMETER, 'missing parameter: transaction_id');
    ctx.status = 200;
    ctx.body = pollResponse(await pollTransaction(deps.validate.flows, caller, transactionId));
  });
  return router;
}

class ParameterError extends Error {}

/** A string parameter sent at most once (a repeated one is refused, never guessed between). */
function field(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && name === 'pass') return String(value);
  if (typeof value !== 'string') throw new ParameterError(`${name} must be sent once, as a string`);
  return value;
}

async function callerOf(ctx: Context, deps: ValidateRouteDependencies): Promise<ValidateCaller | null> {
  const proof = await proofOf(ctx, deps.provider);
  // Cut as at the token endpoint: a claimed id goes into rate-limit keys and logs.
  const claimed = proof.kind === 'none' ? null : proof.clientId.slice(0, 200);
  if (await deps.rateLimiter.clientAuthenticationBlocked(ctx.ip, claimed)) {
    answerError(ctx, 429, ERR_RATE_LIMITED, 'too many failed authentications from this address; wait a minute');
    return null;
  }
  const caller = await identifyValidateCaller(deps.clients, proof, { ip: ctx.ip, peer: ctx.req.socket.remoteAddress ?? '', fromBrowser: ctx.get('origin') !== '' });
  if (caller) return caller;
  await deps.rateLimiter.countClientAuthenticationFailure(ctx.ip, claimed ?? '-');
  deps.logger.warn({ event: 'validate.unauthorized', ip: ctx.ip, client: claimed }, 'a validate request from an unregistered caller');
  ctx.set('WWW-Authenticate', 'Basic realm="pingate-validate"');
  answerError(ctx, 401, ERR_UNAUTHORIZED, 'the caller is not registered for the validate API');
  return null;
}

async function proofOf(ctx: Context, provider: Provider): Promise<CallerProof> {
  const header = ctx.get('authorization');
  const basic = /^Basic\s+([A-Za-z0-9+/]+=*)$/i.exec(header);
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      // RFC 6749 2.3.1: the client id and secret are form-encoded before Basic encoding.
      const decode = (s: string) => { try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return s; } };
      return { kind: 'secret', clientId: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) };
    }
  }
  // client_secret_post (RFC 6749 2.3.1): FreeRADIUS's rest module cannot send its own Basic
  // credentials where it checks users (it sends the user's).
  const body = (ctx.request.body ?? {}) as Record<string, unknown>;
  if (!header && typeof body.client_id === 'string' && typeof body.client_secret === 'string') {
    return { kind: 'secret', clientId: body.client_id, secret: body.client_secret };
  }
  const bearer = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(header);
  if (bearer) {
    const token = await provider.ClientCredentials.find(bearer[1]!);
    if (token && !token.isExpired && token.clientId) {
      return { kind: 'token', clientId: token.clientId, scopes: new Set((token.scope ?? '').split(' ').filter(Boolean)) };
    }
    return { kind: 'secret', clientId: '-', secret: '' };
  }
  return header ? { kind: 'secret', clientId: '-', secret: '' } : { kind: 'none' };
}

function answerError(ctx: Context, status: number, code: number, message: string): void {
  ctx.status = status;
  ctx.body = errorResponse(code, message);
}

function fail(ctx: Context, deps: ValidateRouteDependencies, error: unknown): void {
  if (error instanceof ParameterError) return answerError(ctx, 400, ERR_PARAMETER, error.message);
  if (isDomainError(error) && error.code === 'rate_limited') return answerError(ctx, 429, ERR_RATE_LIMITED, error.message);
  if (isDomainError(error) && error.code === 'invalid_input') return answerError(ctx, 400, ERR_PARAMETER, error.message);
  const status = (error as { status?: unknown })?.status;
  if (typeof status === 'number' && status >= 400 && status < 500 && (error as { expose?: boolean }).expose) {
    return answerError(ctx, status, ERR_PARAMETER, (error as Error).message);
  }
  if (deps.isStorageUnavailable(error)) {
    ctx.set('Retry-After', '30');
    deps.logger.error({ event: 'storage.unavailable', err: error, path: ctx.path }, 'the database is unavailable');
    return answerError(ctx, 503, ERR_UNAVAILABLE, 'the service is unavailable for a moment; try again');
  }
  deps.logger.error({ err: error, path: ctx.path }, 'unhandled error in the validate API');
  answerError(ctx, 500, ERR_INTERNAL, 'internal error');
}
