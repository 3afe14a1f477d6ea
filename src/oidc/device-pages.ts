// The pages of the device authorization grant (RFC 8628) in Pingate's own look and CSP: the
// code entry (with what went wrong, if anything), the confirmation naming the device's client
// and the code it should show, and the end. Between confirmation and end the user signs in on
// the usual pages (username, PIN + tokencode, New PIN mode).
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Middleware } from 'koa';
import type { ViewEngine } from '../http/views.ts';
import { translatorOf } from '../http/page-language.ts';
import { createHash } from 'node:crypto';
import { DEVICE_POLL_INTERVAL_SECONDS, type SignInRateLimiter } from '../usecases/rate-limit.ts';
import { DEVICE_CODE_GRANT } from '../usecases/admin/client-metadata.ts';

/** oidc-provider's re-render errors that have their own sentence (device.error.<name>). */
const KNOWN_ERRORS = new Set(['NoCodeError', 'NotFoundError', 'ExpiredError', 'AlreadyUsedError', 'AbortedError']);

const clientName = (ctx: KoaContextWithOIDC): string =>
  ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId ?? translatorOf(ctx).text('device.a_device');

export function devicePages(views: ViewEngine) {
  return {
    async userCodeInputSource(ctx: KoaContextWithOIDC, _form: string, _out: unknown, error?: Error) {
      const secret = (ctx.oidc.session?.state as { secret?: string } | undefined)?.secret ?? '';
      ctx.body = views.page(ctx, 'device/input.njk', {
        action: ctx.oidc.urlFor('code_verification'),
        xsrf: secret,
        error: error ? `device.error.${KNOWN_ERRORS.has(error.name) ? error.name : 'other'}` : null,
      });
    },
    async userCodeConfirmSource(ctx: KoaContextWithOIDC, form: string, _client: unknown, _deviceInfo: unknown, userCode: string) {
      ctx.body = views.page(ctx, 'device/confirm.njk', { form, clientName: clientName(ctx), userCode });
    },
    async successSource(ctx: KoaContextWithOIDC) {
      ctx.body = views.page(ctx, 'device/done.njk', { clientName: clientName(ctx) });
    },
  };
}

/** Entering user codes counts as sign-in submissions of the address (rateLimit.perIp), so the
 * 20^8 codes cannot be tried at speed; over the limit the page answers 429. */
export function userCodeLimit(provider: Provider, limiter: SignInRateLimiter, views: ViewEngine): Middleware {
  const path = new URL(provider.urlFor('code_verification')).pathname;
  return async (ctx, next) => {
    if (ctx.method === 'POST' && ctx.path === path && !(await limiter.allow(ctx.ip, null))) {
      ctx.status = 429;
      ctx.type = 'html';
      const { t } = translatorOf(ctx);
      ctx.body = views.page(ctx, 'error.njk', { heading: t('error.heading.rate_limited'), description: t('device.too_many'), error: 'too_many_requests' });
      return;
    }
    await next();
  };
}

/**
 * RFC 8628 slow_down, which oidc-provider does not send: a device that polls a pending code again
 * within the interval gets `slow_down` instead of `authorization_pending` (it must then wait 5 s
 * longer between polls). Counted by a hash of the device code, shared by every process.
 */
export function devicePollingPace(provider: Provider, limiter: SignInRateLimiter): Middleware {
  const path = new URL(provider.urlFor('token')).pathname;
  return async (ctx, next) => {
    await next();
    if (ctx.method !== 'POST' || ctx.path !== path || ctx.status !== 400) return;
    const body = ctx.body as { error?: string } | undefined;
    const params = (ctx as { oidc?: { params?: { grant_type?: unknown; device_code?: unknown } } }).oidc?.params;
    if (body?.error !== 'authorization_pending' || params?.grant_type !== DEVICE_CODE_GRANT || typeof params.device_code !== 'string') return;
    if (await limiter.allowDevicePoll(createHash('sha256').update(params.device_code).digest('base64url'))) return;
    ctx.body = { error: 'slow_down', error_description: `poll at most every ${DEVICE_POLL_INTERVAL_SECONDS} seconds, and 5 seconds more after this answer` };
  };
}
