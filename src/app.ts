// Composition root: builds every dependency explicitly and mounts the routes. No logic here.
import type { Connection } from 'mongoose';
import type Provider from 'oidc-provider';
import type { Config } from './config/schema.ts';
import { createEmailTemplates } from './delivery/email-templates.ts';
import { createSmtpMailer, type Mailer } from './delivery/mailer.ts';
import { createEmailNotifier } from './delivery/notifier.ts';
import { createInteractionRouter } from './http/interactions/routes.ts';
import { createAdminApiRouter } from './http/admin/routes.ts';
import { createSelfServiceRouter } from './http/self-service/routes.ts';
import { createMongoRateLimiter } from './storage/mongo/rate-limiter.ts';
import { createMongoAuditLog } from './storage/mongo/audit-log.ts';
import { loggedAuditLog } from './usecases/logged-audit.ts';
import { demoRoutes } from './http/demo/routes.ts';
import { errorHandler } from './http/error-handler.ts';
import { staticFiles } from './http/static-files.ts';
import { baselineHeaders, providerPageHeaders } from './http/security-headers.ts';
import { createViewEngine, type ViewEngine } from './http/views.ts';
import { createOidcProvider } from './oidc/provider.ts';
import { createPinHasher, type PinHasher } from './security/pin-hasher.ts';
import { createSecretBox, type SecretBox } from './security/secret-box.ts';
import { codeHashKey, sealingKey } from './security/derived-keys.ts';
import type { Secrets } from './security/secrets.ts';
import { accountModel } from './storage/mongo/account-model.ts';
import { createAccountStore } from './storage/mongo/account-store.ts';
import { createClientStore, type ClientStore } from './storage/mongo/client-store.ts';
import { createFlowStore, ensureFlowIndexes } from './storage/mongo/flow-store.ts';
import { createOidcAdapterFactory, ensureOidcIndexes } from './storage/mongo/oidc-adapter.ts';
import { tokenModel } from './storage/mongo/token-model.ts';
import { createTokenStore } from './storage/mongo/token-store.ts';
import type { Logger } from './usecases/logger.ts';
import { systemClock, type AccountStore, type Clock, type TokenStore } from './usecases/ports.ts';
import type { SignInDependencies } from './usecases/signin/dependencies.ts';
import type { AdminDependencies } from './usecases/admin/dependencies.ts';
import type { PinPolicies } from './usecases/pin/policies.ts';
import type { AuditLog } from './usecases/audit.ts';

export interface AppOptions {
  readonly config: Readonly<Config>;
  readonly secrets: Secrets;
  readonly connection: Connection;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Environment for values read outside configuration (SMTP_PASSWORD). */
  readonly env?: NodeJS.ProcessEnv;
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
  /** true when the database accepted TTL indexes (MongoDB), false on FerretDB. */
  readonly ttlIndexes: boolean;
}

export async function buildApp({ config, secrets, connection, logger, clock = systemClock, env = process.env }: AppOptions): Promise<App> {
  await accountModel(connection).createIndexes();
  await tokenModel(connection).createIndexes();
  const flowTtl = await ensureFlowIndexes(connection);
  const { ttl: oidcTtl } = await ensureOidcIndexes(connection);
  const ttlIndexes = flowTtl && oidcTtl;
  if (!ttlIndexes) logger.info({ event: 'storage.ttl_unsupported' }, 'the database refuses TTL indexes; expiry is checked on read');

  const views = createViewEngine();
  const secretBox = createSecretBox(sealingKey(secrets.secretKey));
  const hasher = createPinHasher(config.argon2);
  const accounts = createAccountStore(connection);
  const tokens = createTokenStore(connection);
  const Adapter = createOidcAdapterFactory(connection, secretBox, clock);
  const clients = createClientStore(new Adapter('Client'));
  const provider = createOidcProvider({ config, secrets, adapter: Adapter, accounts, views, logger });

  const policies: PinPolicies = { global: config.pinPolicy, groups: config.groupPinPolicies };
  const mailer = createSmtpMailer(config.smtp, env.SMTP_PASSWORD);
  const notifier = createEmailNotifier(mailer, createEmailTemplates(), config.notifications, logger);
  const audit = loggedAuditLog(await createMongoAuditLog(connection, clock), logger);
  const codeKey = codeHashKey(secrets.secretKey);
  const signin: SignInDependencies = {
    flows: createFlowStore(connection, clock),
    accounts,
    tokens,
    hasher,
    secretBox,
    clock,
    logger,
    notifier,
    audit,
    rateLimiter: await createMongoRateLimiter(connection, config.rateLimit),
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

  const admin: AdminDependencies = {
    accounts,
    tokens,
    clients,
    hasher,
    secretBox,
    clock,
    policies,
    notifier,
    audit,
    actor: { type: 'operator', id: 'local' },
    lockout: config.lockout,
    totpDefaults: config.totp,
    totpIssuer: config.totp.issuerLabel,
    codeKey,
    enrolmentCodeTtlHours: config.selfService.enrolmentCodeTtlHours,
    validateClient: async (metadata) => {
      await (provider.Client as unknown as { validate(m: unknown): Promise<void> }).validate(metadata);
    },
  };

  const handleErrors = errorHandler(views, logger);
  provider.use(baselineHeaders());
  provider.use(providerPageHeaders());
  provider.use(staticFiles());
  provider.use(views.middleware());
  const interactions = createInteractionRouter(provider, signin, handleErrors);
  provider.use(interactions.routes());
  provider.use(interactions.allowedMethods());
  const selfService = createSelfServiceRouter(provider, signin, handleErrors);
  provider.use(selfService.routes());
  const adminApi = createAdminApiRouter(provider, admin, signin.rateLimiter, handleErrors);
  provider.use(adminApi.routes());
  provider.use(adminApi.allowedMethods());
  provider.use(async (ctx, next) => {
    // Unknown paths under the API answer in JSON too.
    if (!ctx.path.startsWith('/admin/api')) return next();
    ctx.status = 404;
    ctx.body = { error: 'not_found', message: `no such endpoint: ${ctx.method} ${ctx.path}` };
  });
  if (config.demo.enabled) {
    const demo = demoRoutes({ issuer: config.issuer, handleErrors });
    provider.use(demo.routes());
  }
  provider.use(async (ctx, next) => {
    if (ctx.path === '/healthz') {
      ctx.body = { status: 'ok' };
      return;
    }
    await next();
  });

  return { provider, accounts, tokens, clients, hasher, secretBox, signin, views, admin, mailer, audit, ttlIndexes };
}
