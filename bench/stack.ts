// One system under test, before the provider starts: a new database of the chosen backend,
// pre-filled with `fill` accounts, the seeded client and accounts that sign in, fresh secrets,
// and the provider's environment (the same configuration is loaded here).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config/load.ts';
import type { Config } from '../src/config/schema.ts';
import { sealingKey } from '../src/security/derived-keys.ts';
import { createSecretBox } from '../src/security/secret-box.ts';
import type { BackendKind } from '../src/storage/storage.ts';
import { openAdminOn } from '../test/support/admin-on-database.ts';
import { generateSecrets, type GeneratedSecrets } from '../test/support/provider-process.ts';
import { freePort } from '../test/support/server.ts';
import { openBenchDatabase, type BenchDatabase } from './database.ts';
import { fillDatabase } from './fill.ts';
import { providerEnv } from './provider-process.ts';
import { BENCH_PIN, seedClient, seedUsers, seedValidateCaller, type BenchClient, type BenchUser } from './seed.ts';
import type { ValidateCallerCredentials } from './validate-client.ts';

export interface PreparedDatabase {
  readonly backend: BackendKind;
  readonly fill: number;
  readonly database: BenchDatabase;
  readonly secrets: GeneratedSecrets;
  /** The provider process's environment (its port is reserved). */
  readonly env: Record<string, string>;
  readonly config: Readonly<Config>;
  readonly client: BenchClient;
  readonly validateCaller: ValidateCallerCredentials;
  readonly users: readonly BenchUser[];
  readonly fillMs: number;
  readonly seedMs: number;
  remove(): Promise<void>;
}

export interface PrepareOptions {
  readonly backend: BackendKind;
  readonly fill: number;
  readonly users: number;
  readonly mongodbUri: string | null;
  readonly threadPoolSize: number;
  readonly progress: (message: string) => void;
}

export async function prepareDatabase(options: PrepareOptions): Promise<PreparedDatabase> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pingate-bench-'));
  const database = await openBenchDatabase(options.backend, options.mongodbUri);
  const remove = async () => {
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const secrets = generateSecrets();
    const env = providerEnv({ port: await freePort(), databaseUri: database.uri, dataDir, secretsEnv: secrets.env, threadPoolSize: options.threadPoolSize });
    const config = loadConfig({ env }); // exactly the configuration the provider process loads
    const opened = await openAdminOn(config, secrets.secrets);
    try {
      const pinHash = await opened.admin.hasher.hash(BENCH_PIN);
      options.progress(`${options.backend}: filling ${options.fill} accounts...`);
      let started = performance.now();
      await fillDatabase(opened.storage, options.fill, pinHash, createSecretBox(sealingKey(secrets.secrets.secretKey)), 'fill-client');
      const fillMs = performance.now() - started;
      options.progress(`${options.backend}: seeding ${options.users} accounts that sign in...`);
      started = performance.now();
      const client = await seedClient(opened.admin);
      const validateCaller = await seedValidateCaller(opened.admin);
      const users = await seedUsers(opened.admin, options.users, pinHash);
      const seedMs = performance.now() - started;
      return { backend: options.backend, fill: options.fill, database, secrets, env, config, client, validateCaller, users, fillMs, seedMs, remove };
    } finally {
      await opened.close();
      // A large fill leaves hundreds of MB for the kernel to write back: let it finish now, so
      // the measured run sees a database at rest, not the writeback of its own set-up.
      spawnSync('sync');
    }
  } catch (error) {
    await remove();
    throw error;
  }
}
