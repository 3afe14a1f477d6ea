// Which storage backends the tests run against, and a fresh, empty database on each: SQLite in a
// new temporary file (always available), and MongoDB (FerretDB started by test/run.ts, or a real
// MongoDB named by PINGATE_TEST_MONGODB_URI) in a new database of its own.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type DeepPartial } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import { createSecretBox, type SecretBox } from '../../src/security/secret-box.ts';
import type { MongoStorage } from '../../src/storage/mongo/index.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { BackendKind, Storage } from '../../src/storage/storage.ts';
import { systemClock, type Clock } from '../../src/usecases/ports.ts';
import type { RateLimitSettings } from '../../src/usecases/rate-limit.ts';

let counter = 0;
export const uniqueName = (prefix: string): string => `${prefix}${process.pid}x${Date.now().toString(36)}x${(counter++).toString(36)}`;

/** The backend the integration suites of this run use (PINGATE_TEST_BACKEND, sqlite by default). */
export function testBackend(): BackendKind {
  const chosen = process.env.PINGATE_TEST_BACKEND ?? 'sqlite';
  if (chosen !== 'sqlite' && chosen !== 'mongodb') throw new Error(`PINGATE_TEST_BACKEND must be sqlite or mongodb, not ${chosen}`);
  return chosen;
}

/** Every backend this run can reach: the contract suites run against each of them. */
export function availableBackends(): BackendKind[] {
  return process.env.PINGATE_TEST_MONGODB_URI ? ['sqlite', 'mongodb'] : ['sqlite'];
}

export function testDatabaseUri(databaseName: string): string {
  const base = process.env.PINGATE_TEST_MONGODB_URI;
  if (!base) throw new Error('PINGATE_TEST_MONGODB_URI is not set: run the tests with `npm test` (it starts FerretDB)');
  const url = new URL(base);
  url.pathname = `/${databaseName}`;
  return url.href;
}

export interface TestDatabase {
  readonly kind: BackendKind;
  /** The configuration that points at it (database and dataDir). */
  readonly config: DeepPartial<Config> & { readonly dataDir: string; readonly database: Config['database'] };
  /** Removes the temporary folder (a MongoDB test database is left to the test server's end). */
  remove(): void;
}

/** A new, empty database of `kind`, with its own data folder (keys, SQLite file). */
export function newTestDatabase(kind: BackendKind = testBackend()): TestDatabase {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pingate-test-'));
  const database: Config['database'] =
    kind === 'mongodb'
      ? { uri: testDatabaseUri(uniqueName('pingate_test_')), file: 'pingate.db', busyTimeoutMs: 5000 }
      : { uri: '', file: 'pingate.db', busyTimeoutMs: 5000 };
  return { kind, config: { dataDir, database }, remove: () => rmSync(dataDir, { recursive: true, force: true }) };
}

/** Storage on a new, empty database of `kind`, opened the way the server opens it. */
export async function openTestStorage(kind: BackendKind, options: { clock?: Clock; rateLimit?: Partial<RateLimitSettings>; secretBox?: SecretBox } = {}): Promise<TestStorage> {
  const database = newTestDatabase(kind);
  const config = loadConfig({ env: { NODE_ENV: 'test' }, overrides: { ...database.config, rateLimit: { windowSeconds: 60, perIp: 5, perUsername: 3, adminPerClient: 4, ...options.rateLimit } } as DeepPartial<Config> });
  const secretBox = options.secretBox ?? createSecretBox(randomBytes(32));
  const storage = await openStorage(config, { secretBox, clock: options.clock ?? systemClock, durable: false });
  return {
    storage,
    secretBox,
    config,
    async close() {
      if (storage.kind === 'mongodb') await (storage as MongoStorage).connection.dropDatabase().catch(() => undefined);
      await storage.close();
      database.remove();
    },
  };
}

export interface TestStorage {
  readonly storage: Storage;
  readonly secretBox: SecretBox;
  readonly config: Readonly<Config>;
  close(): Promise<void>;
}
