// Signing in to the web console: an authorization request of the console's own client
// (oidc/account-console-client.ts) with prompt=login, so the person proves their PIN and a
// one-time code again whatever session the browser holds. The code that comes back is checked
// (this browser's request, this client, this redirect URI, not expired) and consumed here; the
// use case then checks the sign-in's strength and freshness and the account's console role.
// Every later request resumes the console session (consoleUser) and acts as that person.
import { randomBytes } from 'node:crypto';
import type Router from '@koa/router';
import type { RouterContext } from '@koa/router';
import type { Middleware } from 'koa';
import type Provider from 'oidc-provider';
import type { ConsoleRole } from '../../domain/console-role.ts';
import { ADMIN_CONSOLE_CALLBACK_PATH, ADMIN_CONSOLE_CLIENT_ID } from '../../oidc/account-console-client.ts';
import type { AdminDependencies } from '../../usecases/admin/dependencies.ts';
import type { Logger } from '../../usecases/logger.ts';
import { closeConsoleSession, openConsoleSession, resumeConsoleSession, type ConsoleSessionDependencies } from '../../usecases/console/console-session.ts';
import type { Account } from '../../usecases/ports.ts';
import { translatorOf } from '../page-language.ts';
import { ownClientAuthorizationUrl } from '../own-client-sign-in.ts';
import { consoleCsrfToken, isConsoleCsrfToken, readConsoleTicket, writeConsoleTicket } from './console-session-cookie.ts';

const STATE_COOKIE = 'pingate_console_signin';

/** The person signed in to the console on this request, and the use cases' dependencies acting
 * as them. */
export interface ConsoleUser {
  readonly account: Account;
  readonly role: ConsoleRole;
  readonly csrf: string;
  readonly admin: AdminDependencies;
}

export const consoleUserOf = (ctx: RouterContext): ConsoleUser => ctx.state.consoleUser as ConsoleUser;

export interface ConsoleAuthOptions {
  readonly provider: Provider;
  readonly issuer: string;
  readonly sessions: ConsoleSessionDependencies;
  readonly admin: AdminDependencies;
  readonly csrfKey: Buffer;
  /** Refusals are logged (a forged or stale console form). */
  readonly logger: Logger;
}

export function mountConsoleSignIn(router: Router, { provider, issuer, sessions }: ConsoleAuthOptions): void {
  const redirectUri = new URL(ADMIN_CONSOLE_CALLBACK_PATH, issuer).href;
  const maxAgeMs = sessions.limits.maxSessionHours * 3_600_000;

  router.get('/sign-in', async (ctx) => {
    const state = randomBytes(24).toString('base64url');
    // Lax, not Strict: the cookie must come back with the redirect from the sign-in pages. The
    // time is the system clock's, not the use cases': the sign-in's auth_time it is compared
    // with is oidc-provider's, which reads the system clock.
    ctx.cookies.set(STATE_COOKIE, `${state}.${Date.now()}`, { signed: true, httpOnly: true, sameSite: 'lax', path: '/console', maxAge: 15 * 60 * 1000 });
    const url = ownClientAuthorizationUrl(provider, { clientId: ADMIN_CONSOLE_CLIENT_ID, redirectUri, state, prompt: 'login', uiLocales: translatorOf(ctx).locale });
    ctx.status = 303;
    ctx.redirect(url);
  });

  router.get('/signed-in', async (ctx) => {
    const [expected, requestedAt] = (ctx.cookies.get(STATE_COOKIE, { signed: true }) ?? '').split('.');
    ctx.cookies.set(STATE_COOKIE, null, { path: '/console' });
    const { state, code } = ctx.query;
    if (!expected || state !== expected || typeof code !== 'string') return signInPage(ctx, 'console.signin_again.cancelled');
    const issued = await provider.AuthorizationCode.find(code);
    if (!issued || issued.clientId !== ADMIN_CONSOLE_CLIENT_ID || issued.redirectUri !== redirectUri || issued.isExpired || !issued.accountId || !issued.sessionUid) {
      return signInPage(ctx, 'console.signin_again.cancelled');
    }
    await issued.destroy();
    const nonce = randomBytes(24).toString('base64url');
    const opened = await openConsoleSession(
      sessions,
      { accountId: issued.accountId, sessionUid: issued.sessionUid, acr: issued.acr, authTime: issued.authTime ?? 0, requestedAt: new Date(Number(requestedAt)), ip: ctx.ip },
      nonce,
    );
    if ('refused' in opened) {
      ctx.status = 403;
      return signInPage(ctx, `console.refused.${opened.refused}`);
    }
    writeConsoleTicket(ctx, opened.ticket, maxAgeMs);
    ctx.status = 303;
    ctx.redirect('/console');
  });

  router.post('/sign-out', async (ctx) => {
    // No CSRF check: the worst a forged request does is sign the person out.
    const ticket = readConsoleTicket(ctx);
    if (ticket) await closeConsoleSession(sessions, ticket, ctx.ip);
    writeConsoleTicket(ctx, null, 0);
    await signInPage(ctx, 'console.signin_again.signed_out');
  });
}

/** Resumes the console session of every other request: the person, their role now, and the
 * CSRF token of their forms; POSTs must carry it. */
export function consoleUser({ sessions, admin, csrfKey, logger }: ConsoleAuthOptions): Middleware {
  const maxAgeMs = sessions.limits.maxSessionHours * 3_600_000;
  return async (ctx, next) => {
    const ticket = readConsoleTicket(ctx);
    const resumed = ticket ? await resumeConsoleSession(sessions, ticket) : { ended: 'none' as const };
    if ('ended' in resumed) {
      writeConsoleTicket(ctx, null, 0);
      if (ctx.method !== 'GET') ctx.status = 401;
      return signInPage(ctx as RouterContext, resumed.ended === 'none' ? null : `console.signin_again.${resumed.ended}`);
    }
    if (ctx.method === 'POST' && !isConsoleCsrfToken(csrfKey, ticket!, (ctx.request.body as Record<string, unknown> | undefined)?.csrf)) {
      logger.warn({ event: 'http.refused', status: 403, error: 'csrf_mismatch', console: resumed.account.username }, 'a console form without its CSRF token');
      ctx.status = 403;
      return signInPage(ctx as RouterContext, 'console.signin_again.csrf');
    }
    writeConsoleTicket(ctx, { ...ticket!, lastSeenAt: sessions.clock.now() }, maxAgeMs);
    ctx.state.consoleUser = {
      account: resumed.account,
      role: resumed.role,
      csrf: consoleCsrfToken(csrfKey, ticket!),
      admin: { ...admin, actor: { type: 'console', id: resumed.account.username }, role: resumed.role, ip: ctx.ip },
    } satisfies ConsoleUser;
    ctx.set('Cache-Control', 'no-store');
    await next();
  };
}

async function signInPage(ctx: RouterContext, reason: string | null): Promise<void> {
  await ctx.render('console/sign-in.njk', { titleKey: 'console.title', reason });
}
