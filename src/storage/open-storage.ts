// Picks the storage backend from configuration: MongoDB when database.uri is set, otherwise the
// embedded SQLite file (database.file, relative to dataDir). The server, the CLI and the tests
// all open storage here, so the same environment always reaches the same database.
import path from 'node:path';
import type { Config } from '../config/schema.ts';
import type { SecretBox } from '../security/secret-box.ts';
import type { Clock } from '../usecases/ports.ts';
import type { Storage } from './storage.ts';

export interface OpenStorageOptions {
  readonly secretBox: SecretBox;
  readonly clock: Clock;
  /** Told about every database command or statement (diagnostics only). */
  readonly observe?: (command: string, ms: number) => void;
  /** false (tests): SQLite without fsync. */
  readonly durable?: boolean;
}

/** The SQLite file the configuration names (absolute). */
export const sqliteFile = (config: Readonly<Config>): string => path.resolve(config.dataDir, config.database.file);

export async function openStorage(config: Readonly<Config>, options: OpenStorageOptions): Promise<Storage> {
  const common = { secretBox: options.secretBox, clock: options.clock, rateLimit: config.rateLimit, ...(options.observe ? { observe: options.observe } : {}) };
  if (config.database.uri) {
    // Loaded only when used: the embedded default never pays for the MongoDB driver.
    const { openMongoStorage } = await import('./mongo/index.ts');
    return openMongoStorage({ uri: config.database.uri, ...common });
  }
  const { openSqliteStorage } = await import('./sqlite/index.ts');
  return openSqliteStorage({ file: sqliteFile(config), busyTimeoutMs: config.database.busyTimeoutMs, durable: options.durable ?? true, ...common });
}
