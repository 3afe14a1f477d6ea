// Signing in to the account console: an authorization request of the console's own client
// (oidc/account-console-client.ts), answered by the usual sign-in pages (or the browser's
// session, as for any application), then back to /self-service/signed-in. The code is checked
// (this browser's request, this client, this redirect URI, not expired) and consumed here, in
// the process: the console's identity is the browser's sign-in session, as on the sessions page.
import { randomBytes } from 'node:crypto';
import type Router from '@koa/router';
import type Provider from 'oidc-provider';
import { ACCOUNT_CALLBACK_PATH, ACCOUNT_CLIENT_ID } from '../../oidc/account-console-client.ts';
import { translatorOf } from '../page-language.ts';
import { ownClientAuthorizationUrl } from '../own-client-sign-in.ts';

const STATE_COOKIE = 'pingate_account_signin';

export function mountAccountSignIn(router: Router, provider: Provider, issuer: string): void {
  const redirectUri = new URL(ACCOUNT_CALLBACK_PATH, issuer).href;

  router.get('/sign-in', async (ctx) => {
    const state = randomBytes(24).toString('base64url');
    ctx.cookies.set(STATE_COOKIE, state, { signed: true, httpOnly: true, sameSite: 'lax', path: '/self-service', maxAge: 15 * 60 * 1000 });
    const url = ownClientAuthorizationUrl(provider, { clientId: ACCOUNT_CLIENT_ID, redirectUri, state, uiLocales: translatorOf(ctx).locale });
    ctx.status = 303;
    ctx.redirect(url);
  });

  router.get('/signed-in', async (ctx) => {
    const expected = ctx.cookies.get(STATE_COOKIE, { signed: true });
    ctx.cookies.set(STATE_COOKIE, null, { path: '/self-service' });
    const { state, code } = ctx.query;
    if (expected && state === expected && typeof code === 'string') {
      const issued = await provider.AuthorizationCode.find(code);
      if (issued && issued.clientId === ACCOUNT_CLIENT_ID && issued.redirectUri === redirectUri && !issued.isExpired) await issued.destroy();
    }
    // Whatever came back (a cancelled sign-in included), the account page shows what the
    // browser's session allows.
    ctx.status = 303;
    ctx.redirect('/self-service');
  });
}
