// Composition root: builds every dependency explicitly and mounts the routes. No logic here.
import type Provider from 'oidc-provider';
import { buildAdmin } from './compose-admin.ts';
import { createInteractionFlow } from './usecases/signin/open-flow.ts';
import { judgeSessionAccount } from './usecases/sessions/check-account.ts';
import type { Mailer } from './delivery/mailer.ts';
import type { PinHasher } from './security/pin-hasher.ts';
import type { Config } from './config/schema.ts';
import { createInteractionRouter } from './http/interactions/routes.ts';
import { createAdminApiRouter } from './http/admin/routes.ts';
import { createValidateRouter } from './http/validate/routes.ts';
import { createSelfServiceRouter } from './http/self-service/routes.ts';
import { createConsoleRouter } from './http/console/routes.ts';
import { errorHandler } from './http/error-handler.ts';
import { staticFiles } from './http/static-files.ts';
import { healthRoutes } from './http/health.ts';
import { metricsRoute } from './http/metrics-endpoint.ts';
import { requestLog } from './http/request-log.ts';
import { countedRateLimiter } from './metrics/counted-rate-limiter.ts';
import { httpMetrics } from './metrics/http-metrics.ts';
import { createMetrics, type Metrics } from './metrics/registry.ts';
import { baselineHeaders, providerPageHeaders } from './http/security-headers.ts';
import { createViewEngine, type ViewEngine } from './http/views.ts';
import { createI18n } from './i18n/index.ts';
import { brandOf } from './http/brand.ts';
import { pageLanguage } from './http/page-language.ts';
import { recordLogout } from './usecases/sessions/record-logout.ts';
import { clientAuthenticationLimit } from './oidc/client-auth-limit.ts';
import { devicePollingPace, userCodeLimit } from './oidc/device-pages.ts';
import { withHashedIds } from './oidc/hashed-ids.ts';
import { backchannelNotifier } from './oidc/logout.ts';
import { artifactIdKey, consoleCsrfKey } from './security/derived-keys.ts';
import { createOidcProvider } from './oidc/provider.ts';
import type { SecretBox } from './security/secret-box.ts';
import type { Secrets } from './security/secrets.ts';
import type { Storage } from './storage/storage.ts';
import type { Logger } from './usecases/logger.ts';
import { systemClock, type AccountStore, type ClientStore, type Clock, type TokenStore } from './usecases/ports.ts';
import type { SignInDependencies } from './usecases/signin/dependencies.ts';
import type { AdminDependencies } from './usecases/admin/dependencies.ts';
import type { AuditLog } from './usecases/audit.ts';

export interface AppOptions {
  readonly config: Readonly<Config>;
  readonly secrets: Secrets;
  /** The open storage backend (storage/open-storage.ts); its secret box seals what it stores. */
  readonly storage: Storage;
  readonly secretBox: SecretBox;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Environment for values read outside configuration (SMTP_PASSWORD, PINGATE_METRICS_TOKEN). */
  readonly env?: NodeJS.ProcessEnv;
  /** Counted into by the app; created here when not given. */
  readonly metrics?: Metrics;
}

export interface App {
  readonly provider: Provider;
  readonly accounts: AccountStore;
  readonly tokens: TokenStore;
  readonly clients: ClientStore;
  readonly hasher: PinHasher;
  readonly secretBox: SecretBox;
  readonly signin: SignInDependencies;
  readonly views: ViewEngine;
  readonly admin: AdminDependencies;
  readonly mailer: Mailer;
  readonly audit: AuditLog;
  readonly storage: Storage;
  /** Set when the server begins to stop: /readyz then sends traffic elsewhere. */
  readonly lifecycle: { stopping: boolean };
  readonly metrics: Metrics;
  /** Flushes the audit records being forwarded (audit.forwardSyslog). */
  closeAudit(): Promise<void>;
}

export async function buildApp({ config, secrets, storage: openedStorage, secretBox, logger, clock = systemClock, env = process.env, metrics = createMetrics() }: AppOptions): Promise<App> {
  // Every rate-limit refusal is counted, whichever part of the app asked.
  const storage: Storage = { ...openedStorage, rateLimiter: countedRateLimiter(openedStorage.rateLimiter, metrics) };
  const views = createViewEngine(config.ui.templatesDir);
  const i18n = createI18n(config.ui);
  const brand = brandOf(config.ui);
  const { accounts, tokens } = storage;
  const provider = createOidcProvider({
    config,
    secrets,
    // Tokens, codes and sessions are stored under a keyed hash of their value.
    adapter: withHashedIds(storage.oidcAdapter, artifactIdKey(secrets.secretKey), secretBox),
    accounts,
    judgeSession: (account, use) => judgeSessionAccount({ policies, clock, lockout: config.lockout }, account, use),
    views,
    logger,
    isUnavailable: storage.isUnavailable,
    // The flow is created with the interaction, so the pages read the flow alone.
    onInteractionStarted: async ({ uid, prompt, clientId, loginHint, uiLocales }) => {
      await createInteractionFlow(signin, uid, prompt === 'consent' ? 'consent' : 'signin', { clientId, loginHint, uiLocales });
    },
    sessions: {
      sessionIdsOf: async (accountId) => (await storage.sessions.listForAccount(accountId)).map((session) => session.uid),
      extendSession: (uid, seconds, exp) => storage.sessions.extendSession(uid, seconds, exp),
      endSession: (accountId, uid) => storage.sessions.revokeSession(accountId, uid),
      onLoggedOut: (logout) => recordLogout({ accounts, audit }, logout),
    },
  });
  const { admin, hasher, mailer, notifier, audit, closeAudit, policies, codeKey } = buildAdmin({
    config,
    secrets,
    storage,
    secretBox,
    logger,
    clock,
    env,
    metrics,
    validateClient: async (metadata) => {
      await (provider.Client as unknown as { validate(m: unknown): Promise<void> }).validate(metadata);
    },
  });
  const signin: SignInDependencies = {
    flows: storage.flows,
    accounts,
    tokens,
    sessions: storage.sessions,
    sessionEnd: config.sessions.endOn,
    hasher,
    secretBox,
    clock,
    logger,
    notifier,
    audit,
    rateLimiter: storage.rateLimiter,
    settings: config.signin,
    limits: { newPinMaxAttempts: config.signin.newPinMaxAttempts, nextTokencodeAfter: config.lockout.nextTokencodeAfter, emailCode: config.emailCode },
    lockout: config.lockout,
    policies,
    codeKey,
    emailCodeLength: config.emailCode.length,
    selfService: config.selfService,
    totpDefaults: config.totp,
    totpIssuer: config.totp.issuerLabel,
  };

  const handleErrors = errorHandler(views, logger, storage.isUnavailable);
  // First: a probe costs nothing else (no language, no cookies, no views).
  const lifecycle = { stopping: false };
  provider.use(requestLog(logger, config.server.trustProxy));
  provider.use(httpMetrics(metrics));
  provider.use(healthRoutes(storage, secrets, logger, () => lifecycle.stopping, config.oidc.idTokenSigningAlg));
  provider.use(metricsRoute(metrics, env.PINGATE_METRICS_TOKEN || undefined, logger));
  provider.use(pageLanguage(i18n, brand));
  provider.use(clientAuthenticationLimit(provider, storage.rateLimiter, config.rateLimit.windowSeconds, logger));
  provider.use(userCodeLimit(provider, storage.rateLimiter, views));
  provider.use(devicePollingPace(provider, storage.rateLimiter));
  provider.use(baselineHeaders());
  provider.use(providerPageHeaders());
  provider.use(staticFiles(config.ui));
  provider.use(views.middleware());
  const interactions = createInteractionRouter(provider, signin, handleErrors, { grantSeconds: config.oidc.ttl.grant, refreshTokenSeconds: config.oidc.ttl.refreshToken }, i18n);
  provider.use(interactions.routes());
  provider.use(interactions.allowedMethods());
  const mySessions = { accounts, sessions: storage.sessions, clients: admin.clients, audit, logoutNotifier: backchannelNotifier(provider), policies, clock, lockout: config.lockout };
  const selfService = createSelfServiceRouter(provider, signin, mySessions, handleErrors, i18n, config.issuer);
  provider.use(selfService.routes());
  const consolePages = createConsoleRouter({
    provider,
    issuer: config.issuer,
    admin,
    csrfKey: consoleCsrfKey(secrets.secretKey),
    logger,
    handleErrors,
    groups: config.console,
    policies,
    sessions: {
      accounts,
      sessions: storage.sessions,
      audit,
      clock,
      policies,
      lockout: config.lockout,
      groups: config.console,
      limits: config.console,
      // PIN and a one-time code (an app's or an emailed one), never the tokencode alone.
      acceptedAcr: [config.signin.acr, config.signin.acrEmailCode],
    },
  });
  provider.use(consolePages.routes());
  const adminApi = createAdminApiRouter(provider, admin, signin.rateLimiter, handleErrors);
  provider.use(adminApi.routes());
  provider.use(adminApi.allowedMethods());
  const validateApi = createValidateRouter({
    provider,
    validate: { ...signin, allowValidate: (callerId, usernameHash) => storage.rateLimiter.allowValidate(callerId, usernameHash) },
    clients: admin.clients,
    rateLimiter: storage.rateLimiter,
    logger,
    isStorageUnavailable: storage.isUnavailable,
  });
  provider.use(validateApi.routes());
  provider.use(validateApi.allowedMethods());
  provider.use(async (ctx, next) => {
    // Unknown paths under the API answer in JSON too.
    if (!ctx.path.startsWith('/admin/api')) return next();
    ctx.status = 404;
    ctx.body = { error: 'not_found', message: `no such endpoint: ${ctx.method} ${ctx.path}` };
  });
  if (config.demo.enabled) {
    // Loaded only when enabled: production never carries the demo's OIDC client library.
    const { demoRoutes } = await import('./http/demo/routes.ts');
    const demo = demoRoutes({ issuer: config.issuer, handleErrors });
    provider.use(demo.routes());
  }

  return { provider, accounts, tokens, clients: admin.clients, hasher, secretBox, signin, views, admin, mailer, audit, storage, lifecycle, metrics, closeAudit };
}
