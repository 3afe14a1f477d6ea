// The demo relying party served by `npm run dev` under /demo: a real OIDC client
// (openid-client, authorization code + PKCE) that shows the ID token claims it receives.
// Sessions live in memory: it is a demonstration, not part of the provider.
import { randomBytes } from 'node:crypto';
import Router from '@koa/router';
import type { Middleware } from 'koa';
import * as oidc from 'openid-client';
import { securityHeaders } from '../security-headers.ts';

export const DEMO_CLIENT_ID = 'pingate-demo';

interface DemoSession {
  pending?: { state: string; nonce: string; verifier: string };
  idToken?: string;
  claims?: Record<string, unknown>;
}

export function demoRoutes({ issuer, handleErrors }: { issuer: string; handleErrors: Middleware }): Router {
  const router = new Router({ prefix: '/demo' });
  const sessions = new Map<string, DemoSession>();
  const redirectUri = new URL('/demo/callback', issuer).href;
  let discovered: Promise<oidc.Configuration> | undefined;
  const configuration = () =>
    (discovered ??= oidc.discovery(new URL(issuer), DEMO_CLIENT_ID, undefined, oidc.None(), {
      execute: new URL(issuer).protocol === 'http:' ? [oidc.allowInsecureRequests] : [],
    }).catch((error: unknown) => {
      discovered = undefined;
      throw error;
    }));

  const session = (ctx: Parameters<Middleware>[0]): DemoSession => {
    let id = ctx.cookies.get('pingate_demo', { signed: true });
    if (!id || !sessions.has(id)) {
      id = randomBytes(18).toString('base64url');
      sessions.set(id, {});
      ctx.cookies.set('pingate_demo', id, { signed: true, httpOnly: true, sameSite: 'lax' });
    }
    return sessions.get(id)!;
  };

  router.use(handleErrors);
  router.use(securityHeaders());

  router.get('/', async (ctx) => {
    const s = session(ctx);
    await ctx.render('demo/home.njk', {
      titleKey: 'demo.heading',
      claims: s.claims ? Object.entries(s.claims).map(([name, value]) => ({ name, value: JSON.stringify(value) })) : null,
    });
  });

  // GET too, so `npm run dev` can print one URL that starts an authorization request.
  router.all('/login', async (ctx) => {
    if (ctx.method !== 'GET' && ctx.method !== 'POST') return;
    const config = await configuration();
    const pending = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier() };
    session(ctx).pending = pending;
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile email groups offline_access',
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    ctx.status = 303;
    ctx.redirect(url.href);
  });

  router.get('/callback', async (ctx) => {
    const s = session(ctx);
    if (!s.pending) return ctx.redirect('/demo');
    const tokens = await oidc.authorizationCodeGrant(await configuration(), new URL(ctx.href), {
      pkceCodeVerifier: s.pending.verifier,
      expectedState: s.pending.state,
      expectedNonce: s.pending.nonce,
    });
    delete s.pending;
    s.idToken = tokens.id_token;
    s.claims = { ...tokens.claims() };
    ctx.redirect('/demo');
  });

  router.post('/logout', async (ctx) => {
    const s = session(ctx);
    const idToken = s.idToken;
    delete s.claims;
    delete s.idToken;
    const url = oidc.buildEndSessionUrl(await configuration(), {
      post_logout_redirect_uri: new URL('/demo', issuer).href,
      ...(idToken ? { id_token_hint: idToken } : {}),
    });
    ctx.status = 303;
    ctx.redirect(url.href);
  });
  return router;
}
