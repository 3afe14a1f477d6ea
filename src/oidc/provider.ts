// The only place that builds oidc-provider's configuration. Defaults that are unsafe for
// production (development interactions, unsigned cookies, development keys) are replaced here.
import Provider, { type AdapterConstructor, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Config } from '../config/schema.ts';
import type { Secrets } from '../security/secrets.ts';
import type { ViewEngine } from '../http/views.ts';
import type { AccountStore } from '../usecases/ports.ts';
import type { Logger } from '../usecases/logger.ts';
import { claimsByScope, claimsOf } from './claims.ts';
import { FIRST_PARTY, isFirstParty, loadExistingGrant } from './first-party.ts';
import { orUnavailable, withOutageErrors, type UnavailableCheck } from './outage.ts';

export interface ProviderOptions {
  readonly config: Readonly<Config>;
  readonly secrets: Secrets;
  readonly adapter: AdapterConstructor;
  readonly accounts: AccountStore;
  readonly views: ViewEngine;
  readonly logger: Logger;
  /** Tells a database outage from other errors (answered 503 temporarily_unavailable). */
  readonly isUnavailable: UnavailableCheck;
  /** Called when oidc-provider starts an interaction, before the browser is sent to it. */
  readonly onInteractionStarted?: (started: InteractionStarted) => Promise<void>;
}

/** What the sign-in pages need to know about an interaction, learnt once when it starts. */
export interface InteractionStarted {
  readonly uid: string;
  readonly prompt: string;
  readonly clientId: string;
  readonly loginHint: string | null;
}

export function createOidcProvider({ config, secrets, adapter, accounts, views, logger, isUnavailable, onInteractionStarted }: ProviderOptions): Provider {
  const configuration: Configuration = {
    adapter: withOutageErrors(adapter as never, isUnavailable),
    jwks: { keys: secrets.jwks.keys as never },
    cookies: {
      keys: [...secrets.cookieKeys],
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    // sid and iss are oidc-provider's standalone defaults and must stay declared.
    claims: { sid: null, iss: null, ...claimsByScope } as never,
    conformIdTokenClaims: config.oidc.conformIdTokenClaims,
    // admin and helpdesk are granted only to clients of the administration API (client credentials).
    scopes: ['openid', 'offline_access', 'profile', 'email', 'groups', 'admin', 'helpdesk'],
    acrValues: [config.signin.acr, config.signin.acrTokencodeOnly],
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      id_token_signed_response_alg: config.oidc.idTokenSigningAlg,
      token_endpoint_auth_method: 'client_secret_basic',
    },
    extraClientMetadata: {
      properties: [FIRST_PARTY],
      validator(_ctx, key, value) {
        if (key === FIRST_PARTY && value !== undefined && typeof value !== 'boolean') {
          throw new Error(`${FIRST_PARTY} must be a boolean`);
        }
      },
    },
    async findAccount(_ctx, sub) {
      const account = await orUnavailable(isUnavailable, () => accounts.findById(sub));
      if (!account || account.status !== 'ACTIVE') return undefined;
      return { accountId: account.id, claims: async () => claimsOf(account) as never };
    },
    loadExistingGrant,
    // First-party clients registered with the refresh_token grant get refresh tokens without
    // forcing a consent prompt (VPN and native clients rely on them); other clients only when
    // the user consented to offline_access, which the consent page lists.
    async issueRefreshToken(_ctx, client, code) {
      return client.grantTypeAllowed('refresh_token') && (isFirstParty(client as never) || code.scopes.has('offline_access'));
    },
    interactions: {
      async url(_ctx, interaction) {
        const { login_hint: hint, client_id: clientId } = interaction.params;
        await orUnavailable(isUnavailable, async () =>
          onInteractionStarted?.({ uid: interaction.uid, prompt: interaction.prompt.name, clientId: String(clientId), loginHint: typeof hint === 'string' ? hint : null }),
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
        logoutSource: async (ctx, form) => {
          ctx.body = views.render('logout.njk', { form, clientName: ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId });
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = views.render('logged-out.njk', { clientName: ctx.oidc.client?.clientName ?? null });
        },
      },
      backchannelLogout: { enabled: true },
      clientCredentials: { enabled: true },
      userinfo: { enabled: true },
    },
    ttl: {
      AccessToken: config.oidc.ttl.accessToken,
      IdToken: config.oidc.ttl.idToken,
      RefreshToken: config.oidc.ttl.refreshToken,
      Session: config.oidc.ttl.session,
      Grant: config.oidc.ttl.grant,
      Interaction: config.oidc.ttl.interaction,
      ClientCredentials: config.oidc.ttl.clientCredentials,
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
      ctx.body = views.render('error.njk', { title: 'Sign-in error', error: out.error, description: out.error_description });
    },
  };
  const provider = new Provider(config.issuer, configuration);
  provider.proxy = config.server.trustProxy;
  provider.on('backchannel.error', (_ctx, error, client) => {
    logger.warn({ event: 'backchannel_logout.failed', client: client.clientId, cause: (error as Error).message }, 'back-channel logout not delivered');
  });
  provider.maxIpsCount = config.server.trustedProxyHops;
  return provider;
}
