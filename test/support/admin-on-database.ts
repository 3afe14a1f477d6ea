// The administrative use cases on a database that provider processes also use, as the CLI
// opens it: for tests and the bench to create accounts, tokens and clients from outside.
import { buildAdmin } from '../../src/compose-admin.ts';
import type { Config } from '../../src/config/schema.ts';
import { createLogger } from '../../src/logging.ts';
import { sealingKey } from '../../src/security/derived-keys.ts';
import { createSecretBox } from '../../src/security/secret-box.ts';
import type { Secrets } from '../../src/security/secrets.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { Storage } from '../../src/storage/storage.ts';
import type { AdminDependencies } from '../../src/usecases/admin/dependencies.ts';
import { systemClock } from '../../src/usecases/ports.ts';

export interface AdminOnDatabase {
  readonly admin: AdminDependencies;
  readonly storage: Storage;
  close(): Promise<void>;
}

/** Client metadata is not validated here: only our own use cases write it, with known values. */
export async function openAdminOn(config: Readonly<Config>, secrets: Secrets): Promise<AdminOnDatabase> {
  const secretBox = createSecretBox(sealingKey(secrets.secretKey));
  const storage = await openStorage(config, { secretBox, clock: systemClock });
  const { admin, mailer } = buildAdmin({ config, secrets, storage, secretBox, logger: createLogger('warn'), clock: systemClock, env: {}, validateClient: async () => {} });
  return {
    admin,
    storage,
    async close() {
      mailer.close();
      await storage.close();
    },
  };
}
