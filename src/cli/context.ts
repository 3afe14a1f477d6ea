// Opens what an administrative command needs (configuration, secrets, the database, the
// administrative use cases), runs the command, then closes it all. The database is the one the
// server reaches with the same environment: MONGODB_URI when set, otherwise the embedded SQLite
// file (several processes may share it, so this works while the server runs). To answer fast,
// nothing of the HTTP server or oidc-provider is loaded unless a command registers a client.
import os from 'node:os';
import { buildAdmin, composeAuditLog, type ComposedAudit } from '../compose-admin.ts';
import { loadConfig } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import { createLogger } from '../logging.ts';
import { sealingKey } from '../security/derived-keys.ts';
import { createSecretBox, type SecretBox } from '../security/secret-box.ts';
import { loadSecrets, type Secrets } from '../security/secrets.ts';
import { openStorage } from '../storage/open-storage.ts';
import type { Storage } from '../storage/storage.ts';
import type { AdminDependencies } from '../usecases/admin/dependencies.ts';
import type { Actor, AuditLog } from '../usecases/audit.ts';
import { systemClock } from '../usecases/ports.ts';
import type { CliIo } from './io.ts';

export interface OpenedDatabase {
  readonly config: Readonly<Config>;
  readonly secrets: Secrets;
  /** Seals and opens TOTP and client secrets with the server's key. */
  readonly secretBox: SecretBox;
  readonly storage: Storage;
  /** Audit records of CLI actions name the operating-system user who ran the command. */
  readonly operator: Actor;
  /** The audit trail, composed as the server's is (forwarded when configured; not logged: the
   * command's stdout is its output). */
  readonly audit: AuditLog;
  readonly composedAudit: ComposedAudit;
}

/** Configuration, secrets and the open storage, closed after `command`. */
export async function withStorage<T>(env: NodeJS.ProcessEnv, command: (opened: OpenedDatabase) => Promise<T>): Promise<T> {
  const config = loadConfig({ env });
  // Secrets first: a missing key fails before the database is touched. Same dataDir as the
  // server, so TOTP and client secrets are sealed with the key the server opens them with.
  const secrets = await loadSecrets({ dataDir: config.dataDir, generateMissing: config.secrets.generateMissing, env });
  const secretBox = createSecretBox(sealingKey(secrets.secretKey), (secrets.previousSecretKeys ?? []).map(sealingKey));
  const storage = await openStorage(config, { secretBox, clock: systemClock });
  const composed = composeAuditLog(storage.audit, config, createLogger('silent'));
  try {
    return await command({ config, secrets, secretBox, storage, operator: { type: 'operator', id: `cli:${operatorName(env)}` }, audit: composed.audit, composedAudit: composed });
  } finally {
    await composed.close();
    await storage.close();
  }
}

export async function withAdmin<T>(env: NodeJS.ProcessEnv, command: (admin: AdminDependencies) => Promise<T>): Promise<T> {
  return withStorage(env, async ({ config, secrets, secretBox, storage, operator, composedAudit }) => {
    // Silent: the pino logger writes to stdout, which carries the command's own output.
    const logger = createLogger('silent');
    const { admin, mailer } = buildAdmin({
      config,
      secrets,
      storage,
      secretBox,
      logger,
      clock: systemClock,
      env,
      validateClient: (metadata) => validateClientMetadata(config, secrets, storage, metadata),
      audit: composedAudit,
    });
    try {
      return await command({ ...admin, actor: operator });
    } finally {
      mailer.close();
    }
  });
}

/** Client metadata is checked by oidc-provider itself, loaded only for the commands that need it. */
async function validateClientMetadata(config: Readonly<Config>, secrets: Secrets, storage: Storage, metadata: Record<string, unknown>): Promise<void> {
  const [{ createOidcProvider }, { createViewEngine }] = await Promise.all([import('../oidc/provider.ts'), import('../http/views.ts')]);
  const provider = createOidcProvider({
    config,
    secrets,
    adapter: storage.oidcAdapter,
    accounts: storage.accounts,
    // Only metadata validation runs here: no account is ever looked at.
    judgeSession: () => 'account_unknown',
    views: createViewEngine(),
    logger: createLogger('silent'),
    isUnavailable: storage.isUnavailable,
  });
  await (provider.Client as unknown as { validate(m: unknown): Promise<void> }).validate(metadata);
}

/** What each command group is registered with: the streams, and the way to open the app. */
export interface CommandContext {
  readonly io: CliIo;
  withAdmin<T>(command: (admin: AdminDependencies) => Promise<T>): Promise<T>;
  withStorage<T>(command: (opened: OpenedDatabase) => Promise<T>): Promise<T>;
}

function operatorName(env: NodeJS.ProcessEnv): string {
  try {
    return os.userInfo().username;
  } catch {
    return env.USER ?? 'unknown';
  }
}
