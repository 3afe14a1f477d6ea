// The administration half of the composition root: what the administrative use cases need,
// built from the open storage and the configuration. The server (app.ts) and the `pingate`
// command share it; the command must answer fast, so nothing here loads HTTP or OIDC code (the
// caller says how client metadata is validated).
import type { Config } from './config/schema.ts';
import { createEmailTemplates } from './delivery/email-templates.ts';
import { createSmtpMailer, type Mailer } from './delivery/mailer.ts';
import { createEmailNotifier } from './delivery/notifier.ts';
import { createI18n } from './i18n/index.ts';
import { brandOf } from './http/brand.ts';
import { requestAwareAuditLog } from './http/request-audit.ts';
import { createSyslogAuditForwarder, forwardedAuditLog } from './delivery/syslog-audit-forwarder.ts';
import { codeHashKey } from './security/derived-keys.ts';
import { createPinHasher, type PinHasher } from './security/pin-hasher.ts';
import type { SecretBox } from './security/secret-box.ts';
import type { Secrets } from './security/secrets.ts';
import type { Storage } from './storage/storage.ts';
import type { AdminDependencies } from './usecases/admin/dependencies.ts';
import type { AuditLog } from './usecases/audit.ts';
import { loggedAuditLog } from './usecases/logged-audit.ts';
import type { Logger } from './usecases/logger.ts';
import type { Notifier } from './usecases/notifier.ts';
import type { PinPolicies } from './usecases/pin/policies.ts';
import type { Clock } from './usecases/ports.ts';
import { countedAuditLog } from './metrics/counted-audit-log.ts';
import { countedMailer } from './metrics/counted-mailer.ts';
import type { Metrics } from './metrics/registry.ts';

export interface AdminOptions {
  readonly config: Readonly<Config>;
  readonly secrets: Secrets;
  readonly storage: Storage;
  readonly secretBox: SecretBox;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Environment for values read outside configuration (SMTP_PASSWORD). */
  readonly env: NodeJS.ProcessEnv;
  readonly validateClient: AdminDependencies['validateClient'];
  /** The server's metrics (the `pingate` command has none). */
  readonly metrics?: Metrics | undefined;
  /** The audit trail as composed by the caller (the command composes it once for all its uses). */
  readonly audit?: ComposedAudit | undefined;
}

/** The audit trail as the use cases write it: stored (and forwarded, when configured), with the
 * current request's id and route, logged, counted. */
export interface ComposedAudit {
  readonly audit: AuditLog;
  /** Flushes the forwarded copies; call when stopping. */
  close(): Promise<void>;
}

export function composeAuditLog(store: AuditLog, config: Readonly<Config>, logger: Logger, metrics?: Metrics): ComposedAudit {
  const forwarder = config.audit.forwardSyslog.host ? createSyslogAuditForwarder(config.audit.forwardSyslog) : null;
  const stored = forwarder ? forwardedAuditLog(store, forwarder) : store;
  const logged = loggedAuditLog(requestAwareAuditLog(stored), logger);
  return { audit: metrics ? countedAuditLog(logged, metrics) : logged, close: async () => forwarder?.close() };
}

/** The pieces the sign-in side shares with the administrative side. */
export interface AdminParts {
  readonly admin: AdminDependencies;
  readonly hasher: PinHasher;
  readonly mailer: Mailer;
  readonly notifier: Notifier;
  readonly audit: AuditLog;
  /** Flushes the audit trail's forwarded copies. */
  closeAudit(): Promise<void>;
  readonly policies: PinPolicies;
  readonly codeKey: Buffer;
}

export function buildAdmin({ config, secrets, storage, secretBox, logger, clock, env, validateClient, metrics, audit: composed = composeAuditLog(storage.audit, config, logger, metrics) }: AdminOptions): AdminParts {
  const hasher = createPinHasher(config.argon2);
  metrics?.argon2Waiting(() => hasher.waiting());
  const policies: PinPolicies = { global: config.pinPolicy, groups: config.groupPinPolicies };
  const smtpMailer = createSmtpMailer(config.smtp, env.SMTP_PASSWORD);
  const mailer = metrics ? countedMailer(smtpMailer, metrics) : smtpMailer;
  const i18n = createI18n(config.ui);
  const notifier = createEmailNotifier(mailer, createEmailTemplates(config.ui, brandOf(config.ui)), config.notifications, logger, i18n);
  const { audit } = composed;
  const codeKey = codeHashKey(secrets.secretKey);
  const admin: AdminDependencies = {
    accounts: storage.accounts,
    tokens: storage.tokens,
    sessions: storage.sessions,
    sessionEnd: config.sessions.endOn,
    clients: storage.clients,
    hasher,
    secretBox,
    clock,
    policies,
    notifier,
    audit,
    actor: { type: 'operator', id: 'local' },
    role: 'admin',
    consoleGroups: config.console,
    lockout: config.lockout,
    totpDefaults: config.totp,
    totpIssuer: config.totp.issuerLabel,
    acrValues: [config.signin.acr, config.signin.acrEmailCode, config.signin.acrTokencodeOnly],
    codeKey,
    enrolmentCodeTtlHours: config.selfService.enrolmentCodeTtlHours,
    validateClient,
  };
  return { admin, hasher, mailer, notifier, audit, closeAudit: () => composed.close(), policies, codeKey };
}
