// The only place that builds oidc-provider's configuration. Defaults that are unsafe for
// production (development interactions, unsigned cookies, development keys) are replaced here.
import Keygrip from 'keygrip';
import { networkList, VALIDATE_NETWORKS, VALIDATE_WITHOUT_SECRET } from '../usecases/validate/callers.ts';
import Provider, { errors, interactionPolicy, type AdapterConstructor, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { acrNames, judgeAcr, type AcrNames, type AcrRequest } from '../domain/assurance.ts';
import type { Config } from '../config/schema.ts';
import type { Secrets } from '../security/secrets.ts';
import { accountConsoleSecret, adminConsoleSecret } from '../security/derived-keys.ts';
import { accountConsoleClient, adminConsoleClient } from './account-console-client.ts';
import type { ViewEngine } from '../http/views.ts';
import type { SessionUse } from '../domain/session-validity.ts';
import type { Account, AccountStore } from '../usecases/ports.ts';
import { sessionRecordSeconds, type SessionLifetime, type SignInAgainReason } from '../domain/session-validity.ts';

interface TokenTimes { readonly kind?: string; readonly iat?: number; readonly authTime?: number }

/**
 * The moment the account stood behind a token: when it was issued, except for a device code,
 * which is issued before anyone signs in and approved later, by the sign-in at authTime (a first
 * sign-in that sets the PIN moves the account's sessionsValidFrom past the code's iat).
 */
function issuedFor(token: TokenTimes | undefined): number | undefined {
  if (token?.kind === 'DeviceCode' && token.authTime !== undefined) return Math.max(token.iat ?? 0, token.authTime);
  return token?.iat;
}

/** oidc-provider's own time base (iat, loginTs): whole seconds of the system clock. */
const epochSeconds = (): number => Math.floor(Date.now() / 1000);
import type { Logger } from '../usecases/logger.ts';
import { claimsByScope, claimsOf } from './claims.ts';
import { FIRST_PARTY, grantLoader, isFirstParty } from './first-party.ts';
import { devicePages } from './device-pages.ts';
import { orUnavailable, withOutageErrors, type UnavailableCheck } from './outage.ts';
import { logProviderErrors } from './error-log.ts';
import { hintNamesCurrentSession, markInitiator, type EndSession, serverToServerEndSession, sidInEveryIdToken, skipSelfNotification, type LoggedOut } from './logout.ts';

export interface ProviderOptions {
  readonly config: Readonly<Config>;
  readonly secrets: Secrets;
  readonly adapter: AdapterConstructor;
  readonly accounts: AccountStore;
  /** Why the account no longer stands behind a session or token being used, or null. */
  readonly judgeSession: (account: Account | null, use: SessionUse) => SignInAgainReason | 'account_unknown' | null;
  readonly views: ViewEngine;
  readonly logger: Logger;
  /** Tells a database outage from other errors (answered 503 temporarily_unavailable). */
  readonly isUnavailable: UnavailableCheck;
  /** Called when oidc-provider starts an interaction, before the browser is sent to it. */
  readonly onInteractionStarted?: (started: InteractionStarted) => Promise<void>;
  /** What logouts and session upkeep need from the rest of the service (absent where the provider serves no
   * requests, as in the CLI). */
  readonly sessions?: SessionHooks;
}

export interface SessionHooks {
  /** The ids of an account's stored sessions (for a server-to-server logout). */
  readonly sessionIdsOf: (accountId: string) => Promise<readonly string[]>;
  /** Ends one session of an account as a logout does (SessionStore.revokeSession). */
  readonly endSession: EndSession;
  /** Extends a live session's expiry without touching the rest of it (SessionStore.extendSession). */
  readonly extendSession: (uid: string, seconds: number, exp: number) => Promise<void>;
  /** Called after a logout ended a session (browser or server-to-server), for the audit trail. */
  readonly onLoggedOut: (loggedOut: LoggedOut & { readonly via: 'browser' | 'server' }) => Promise<void>;
}

/** What the sign-in pages need to know about an interaction, learnt once when it starts. */
export interface InteractionStarted {
  readonly uid: string;
  readonly prompt: string;
  readonly clientId: string;
  readonly loginHint: string | null;
  readonly uiLocales: string | null;
}

export function createOidcProvider(options: ProviderOptions): Provider {
  const { config, secrets, adapter, accounts, judgeSession, views, logger, isUnavailable, onInteractionStarted } = options;
  // One read of an account per request: findAccount and the login check below share it.
  const reads = new WeakMap<object, Map<string, Promise<Account | null>>>();
  const load = (ctx: object, accountId: string): Promise<Account | null> => {
    const mine = reads.get(ctx) ?? new Map<string, Promise<Account | null>>();
    reads.set(ctx, mine);
    let read = mine.get(accountId);
    if (!read) {
      read = orUnavailable(isUnavailable, () => accounts.findById(accountId));
      mine.set(accountId, read);
    }
    return read;
  };
  const check = async (ctx: object, accountId: string, use: SessionUse) => {
    const account = await load(ctx, accountId);
    const reason = judgeSession(account, use);
    return reason === null ? ({ ok: true, account: account! } as const) : ({ ok: false, reason, account } as const);
  };
  const configuration: Configuration = {
    adapter: withOutageErrors(adapter as never, isUnavailable),
    jwks: { keys: secrets.jwks.keys as never },
    cookies: {
      // HMAC-SHA256 signatures (Keygrip's default is SHA-1); the first key signs, all verify.
      keys: new Keygrip([...secrets.cookieKeys], 'sha256') as never,
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    // sid and iss are oidc-provider's standalone defaults and must stay declared.
    claims: { sid: null, iss: null, ...claimsByScope } as never,
    conformIdTokenClaims: config.oidc.conformIdTokenClaims,
    // admin and helpdesk are granted only to clients of the administration API (client credentials).
    // validate: callers of the validate API (usecases/validate), also only by client credentials.
    scopes: ['openid', 'offline_access', 'profile', 'email', 'groups', 'admin', 'helpdesk', 'validate'],
    acrValues: [config.signin.acr, config.signin.acrEmailCode, config.signin.acrTokencodeOnly],
    // The consoles' own clients (account-console-client.ts); every other client is registered
    // by an administrator and read through the adapter.
    clients: [
      accountConsoleClient(config.issuer, config.ui.productName, accountConsoleSecret(secrets.secretKey)),
      adminConsoleClient(config.issuer, config.ui.productName, adminConsoleSecret(secrets.secretKey)),
    ],
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      id_token_signed_response_alg: config.oidc.idTokenSigningAlg,
      token_endpoint_auth_method: 'client_secret_basic',
    },
    extraClientMetadata: {
      properties: [FIRST_PARTY, VALIDATE_NETWORKS, VALIDATE_WITHOUT_SECRET],
      validator(_ctx, key, value) {
        if ((key === FIRST_PARTY || key === VALIDATE_WITHOUT_SECRET) && value !== undefined && typeof value !== 'boolean') {
          throw new Error(`${key} must be a boolean`);
        }
        if (key === VALIDATE_NETWORKS && value !== undefined) {
          if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new Error(`${key} must be a list of networks`);
          networkList(value as string[]);
        }
      },
    },
    // With a token (a code exchange, a refresh, userinfo): the account must still stand behind
    // what the token was issued for, or the token is refused. Without one (an authorization
    // request with a session) the account is loaded as it is, and the login prompt's
    // account_state check below decides whether the session may be used.
    async findAccount(ctx, sub, token) {
      const issued = issuedFor(token as TokenTimes | undefined);
      const result = await check(ctx, sub, { startedAt: new Date((issued ?? epochSeconds()) * 1000), interactive: false });
      if (result.ok) return { accountId: result.account.id, claims: async () => claimsOf(result.account) as never };
      const { account } = result;
      if (issued === undefined && account) return { accountId: account.id, claims: async () => claimsOf(account) as never };
      if (issued !== undefined) logger.info({ event: 'token.refused', reason: result.reason, kind: (token as { kind?: string }).kind ?? null, client: ctx.oidc?.client?.clientId ?? null }, 'a token of an account that must sign in again');
      return undefined;
    },
    loadExistingGrant: grantLoader(config.oidc),
    // First-party clients registered with the refresh_token grant get refresh tokens without
    // forcing a consent prompt (VPN and native clients rely on them); other clients only when
    // the user consented to offline_access, which the consent page lists.
    async issueRefreshToken(_ctx, client, code) {
      return client.grantTypeAllowed('refresh_token') && (isFirstParty(client as never) || code.scopes.has('offline_access'));
    },
    // Only the authorization code flow: discovery lists only what a client can use.
    responseTypes: ['code'],
    // The client authentication methods a client can be registered with (pingate client add).
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'none'],
    // PKCE for every client, confidential ones too (oidc.requirePkce), unless switched off.
    pkce: { required: () => config.oidc.requirePkce },
    interactions: {
      policy: sessionAwarePolicy(check, acrNames(config.signin)),
      async url(_ctx, interaction) {
        const { login_hint: hint, client_id: clientId, ui_locales: uiLocales } = interaction.params;
        await orUnavailable(isUnavailable, async () =>
          onInteractionStarted?.({
            uid: interaction.uid,
            prompt: interaction.prompt.name,
            clientId: String(clientId),
            loginHint: typeof hint === 'string' ? hint : null,
            uiLocales: typeof uiLocales === 'string' ? uiLocales.slice(0, 200) : null,
          }),
        );
        return `/interaction/${interaction.uid}`;
      },
    },
    features: {
      devInteractions: { enabled: false },
      // A client may revoke or introspect only the tokens issued to it.
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      introspection: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      rpInitiatedLogout: {
        enabled: true,
        // With an id_token_hint naming this browser's session, the form submits itself (the
        // client proved which session it means); otherwise the user confirms.
        logoutSource: async (ctx, form) => {
          markInitiator(ctx);
          const automatic = config.oidc.logout.skipConfirmationWithIdTokenHint && hintNamesCurrentSession(ctx);
          ctx.body = views.page(ctx, 'logout.njk', { form, automatic, clientName: ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId });
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = views.page(ctx, 'logged-out.njk', { clientName: ctx.oidc.client?.clientName ?? null });
        },
      },
      backchannelLogout: { enabled: true },
      clientCredentials: { enabled: true },
      // Lets a client insist on an acr (essential) or name claims; the acr check below judges it.
      claimsParameter: { enabled: true },
      // RFC 8628 for command-line and headless clients: a code entered at /device, then the
      // usual sign-in pages. Codes of 8 characters from 20 letters (no vowels, no look-alikes).
      deviceFlow: { enabled: true, charset: 'base-20', mask: '****-****', ...devicePages(views) },
      userinfo: { enabled: true },
    },
    ttl: {
      AccessToken: config.oidc.ttl.accessToken,
      IdToken: config.oidc.ttl.idToken,
      // Idle timeout, capped at the session's absolute end (sessions.*).
      Session: (_ctx, session) => sessionRecordSeconds(session.loginTs, epochSeconds(), config.sessions),
      // A rotated refresh token keeps the first one's expiry: refresh tokens have an absolute
      // lifetime (oidc.ttl.refreshToken from the sign-in), however often they are used.
      RefreshToken: (ctx) => {
        const rotated = ctx?.oidc?.entities.RotatedRefreshToken as { remainingTTL?: number } | undefined;
        return rotated?.remainingTTL !== undefined ? Math.max(1, rotated.remainingTTL) : config.oidc.ttl.refreshToken;
      },
      Grant: config.oidc.ttl.grant,
      Interaction: config.oidc.ttl.interaction,
      ClientCredentials: config.oidc.ttl.clientCredentials,
      DeviceCode: config.oidc.ttl.deviceCode,
      AuthorizationCode: 60,
    },
    ...(config.oidc.allowPrivateNetworkRequests
      ? {
          // Without oidc-provider's SSRF-guarding dispatcher: see oidc.allowPrivateNetworkRequests.
          fetch: (input: string | URL | Request, init?: RequestInit) => {
            const { dispatcher: _guard, ...rest } = (init ?? {}) as RequestInit & { dispatcher?: unknown };
            return globalThis.fetch(input, rest);
          },
        }
      : {}),
    async renderError(ctx: KoaContextWithOIDC, out) {
      ctx.type = 'html';
      if (out.error === 'temporarily_unavailable') ctx.set('Retry-After', '30');
      // Nothing of the request is trusted for a way back (its redirect_uri may be what is wrong).
      const unavailable = out.error === 'temporarily_unavailable';
      const { t } = ctx.state as { t: (id: string, values?: Record<string, string>) => unknown };
      ctx.body = views.page(ctx, 'error.njk', {
        heading: t(unavailable ? 'error.heading.service_unavailable' : 'error.heading.provider'),
        description: unavailable ? t('message.service_unavailable') : t('error.provider_text', { product: config.ui.productName }),
        error: out.error,
        detail: out.error_description ?? null,
      });
    },
  };
  const provider = new Provider(config.issuer, configuration);
  provider.proxy = config.server.trustProxy;
  provider.on('backchannel.error', (_ctx, error, client) => {
    logger.warn({ event: 'backchannel_logout.failed', client: client.clientId, cause: (error as Error).message }, 'back-channel logout not delivered');
  });
  provider.maxIpsCount = config.server.trustedProxyHops;
  logProviderErrors(provider, logger);
  skipSelfNotification(provider);
  sidInEveryIdToken(provider);
  provider.use(introspectionFollowsAccount(provider, check));
  const hooks = options.sessions;
  if (hooks) {
    provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
      keepSessionAlive(ctx, config.sessions, hooks.extendSession).catch((error: unknown) => {
        logger.warn({ event: 'session.touch_failed', cause: (error as Error).message }, 'a refresh did not extend its session');
      });
    });
    provider.on('end_session.success', (ctx: KoaContextWithOIDC) => {
      const accountId = ctx.oidc.session?.accountId;
      // "No, stay signed in" only takes the one client out of the session: not a logout.
      if (!accountId || !(ctx.oidc.params as { logout?: unknown } | undefined)?.logout) return;
      hooks.onLoggedOut({ accountId, clientId: ctx.oidc.client?.clientId ?? '', sessions: 1, via: 'browser' }).catch((error: unknown) => {
        logger.error({ event: 'audit.failed', cause: (error as Error).message }, 'a logout was not audited');
      });
    });
    if (config.oidc.logout.serverToServer) {
      provider.use(serverToServerEndSession(provider, hooks.sessionIdsOf, hooks.endSession, (loggedOut) => hooks.onLoggedOut({ ...loggedOut, via: 'server' })));
    }
  }
  return provider;
}

/**
 * Introspection answers from the token record alone; oidc-provider does not ask findAccount.
 * A token whose account no longer stands behind it (disabled, locked, its sessions ended since
 * it was issued) is reported inactive, as a refresh or userinfo would refuse it.
 */
function introspectionFollowsAccount(provider: Provider, check: (ctx: object, accountId: string, use: SessionUse) => Promise<{ readonly ok: boolean }>) {
  const path = new URL(provider.urlFor('introspection')).pathname;
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    await next();
    if (ctx.path !== path || ctx.status !== 200) return;
    const body = ctx.body as { active?: boolean; sub?: string; iat?: number; token_type?: string } | undefined;
    // Client-credentials tokens name a client, not an account.
    if (!body?.active || typeof body.sub !== 'string' || body.sub === (body as { client_id?: string }).client_id) return;
    const state = await check(ctx, body.sub, { startedAt: new Date((body.iat ?? 0) * 1000), interactive: false });
    if (!state.ok) ctx.body = { active: false };
  };
}

/**
 * A refresh of a session-bound token (no offline_access) is activity of that session: the
 * session's idle timeout starts again, as if the browser had used it (never past its absolute
 * end). Without this an application refreshing every hour would lose its tokens at the idle
 * timeout while its user is busy in it.
 */
async function keepSessionAlive(ctx: KoaContextWithOIDC, lifetime: SessionLifetime, extend: SessionHooks['extendSession']): Promise<void> {
  if (ctx.oidc.params?.grant_type !== 'refresh_token') return;
  const token = ctx.oidc.entities.RefreshToken as { expiresWithSession?: boolean; sessionUid?: string; authTime?: number } | undefined;
  if (!token?.expiresWithSession || !token.sessionUid) return;
  // Only the expiry moves, in one conditional update: a session ended meanwhile stays ended,
  // what another request changed in it is not overwritten, and it is never shortened. The cap
  // is the absolute end counted from the token's sign-in (authTime): a later sign-in in the same
  // session only ever ends later, and the update never shortens.
  const seconds = sessionRecordSeconds(token.authTime, epochSeconds(), lifetime);
  await extend(token.sessionUid, seconds, epochSeconds() + seconds);
}

/**
 * oidc-provider's prompts, plus two login checks: a session being reused must still have its
 * account behind it (active, not locked, no sessions ended since it began, no PIN to set or
 * change), and its acr must meet what the client asks for (acr_values, default_acr_values, an
 * acr in the claims parameter); otherwise the user goes through the sign-in pages again before
 * any code is issued. oidc-provider's own essential-acr checks are replaced by the second one,
 * which knows that a stronger acr meets a request for a weaker one.
 */
function sessionAwarePolicy(check: (ctx: object, accountId: string, use: SessionUse) => Promise<{ readonly ok: boolean }>, names: AcrNames) {
  const policy = interactionPolicy.base();
  const login = policy.get('login')!;
  login.checks.remove('essential_acrs');
  login.checks.remove('essential_acr');
  login.checks.add(
    new interactionPolicy.Check('account_state', 'the account must sign in again', async (ctx) => {
      const { session, result } = ctx.oidc;
      if (!session?.accountId) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
      // Right after the pages (a login result) a PIN demand was just met there; the account's
      // state is still checked, in case it changed meanwhile.
      const state = await check(ctx, session.accountId, { startedAt: new Date((session.loginTs ?? 0) * 1000), interactive: !result?.login });
      return state.ok ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT;
    }),
  );
  login.checks.add(
    new interactionPolicy.Check('acr_step_up', 'the session does not meet the requested authentication level', (ctx) => {
      const { session, result } = ctx.oidc;
      const judgement = judgeAcr(session?.acr, acrRequests(ctx), names);
      if (judgement === 'unobtainable') throw new errors.UnmetAuthenticationRequirements('none of the essential acr values can be obtained');
      if (judgement === 'met' || !session?.accountId) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
      if (!result?.login) return interactionPolicy.Check.REQUEST_PROMPT;
      // The pages just ran and still fell short. A first sign-in with a code alone has just set
      // a PIN: one more round proves it. Anything else (an email-code account asked for an
      // authenticator app) cannot be reached by signing in again.
      if (session.acr === names.tokencodeOnly) return interactionPolicy.Check.REQUEST_PROMPT;
      throw new errors.UnmetAuthenticationRequirements('this account cannot sign in at the authentication level the application requires');
    }),
  );
  return policy;
}

/** The acr requests of an authorization request: acr_values (voluntary) and the claims parameter. */
function acrRequests(ctx: KoaContextWithOIDC): AcrRequest[] {
  const requests: AcrRequest[] = [];
  const { acr_values: acrValues } = ctx.oidc.params as { acr_values?: unknown };
  if (typeof acrValues === 'string' && acrValues.trim() !== '') requests.push({ values: acrValues.trim().split(/\s+/), essential: false });
  const claims = ctx.oidc.claims as { id_token?: { acr?: unknown }; userinfo?: { acr?: unknown } } | undefined;
  for (const member of [claims?.id_token?.acr, claims?.userinfo?.acr]) {
    if (!member || typeof member !== 'object') continue;
    const { value, values, essential } = member as { value?: unknown; values?: unknown; essential?: unknown };
    if (values !== undefined && !Array.isArray(values)) throw new errors.InvalidRequest('claims acr values must be an array');
    const listed = Array.isArray(values) ? values.map(String) : typeof value === 'string' ? [value] : [];
    if (listed.length > 0) requests.push({ values: listed, essential: essential === true });
  }
  return requests;
}
