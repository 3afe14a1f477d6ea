// The embedded default backend: everything in one SQLite file (node:sqlite), shared safely by
// several processes on one machine (the provider, a second provider, the CLI).
import { closeSync, openSync } from 'node:fs';
import { backup } from 'node:sqlite';
import { signingKeySet } from '../signing-key-set.ts';
import type { SecretBox } from '../../security/secret-box.ts';
import type { Clock } from '../../usecases/ports.ts';
import type { RateLimitSettings } from '../../usecases/rate-limit.ts';
import type { Storage } from '../storage.ts';
import { createSqliteAccountStore } from './account-store.ts';
import { createSqliteAuditLog } from './audit-log.ts';
import { createSqliteClientStore } from './client-store.ts';
import { ClientCache } from '../oidc-payloads.ts';
import { SqliteDatabase, type StatementObserver } from './database.ts';
import { exportSqlite, importSqlite } from './dump.ts';
import { databaseFileError, isSqliteUnavailable } from './errors.ts';
import { StorageOpenError } from '../errors.ts';
import { createSqliteFlowStore } from './flow-store.ts';
import { createSqliteOidcAdapter } from './oidc-adapter.ts';
import { createSqliteRateLimiter } from './rate-limiter.ts';
import { createSqliteTokenStore } from './token-store.ts';
import { createSqliteSessionStore } from './session-store.ts';
import { ensureSchema } from './schema.ts';
import { sweepSqlite } from './sweep.ts';

export interface SqliteStorageOptions {
  readonly file: string;
  readonly secretBox: SecretBox;
  readonly clock: Clock;
  readonly rateLimit: RateLimitSettings;
  /** false (tests): no fsync. */
  readonly durable?: boolean;
  readonly busyTimeoutMs?: number;
  readonly observe?: StatementObserver;
}

export interface SqliteStorage extends Storage {
  readonly kind: 'sqlite';
  readonly database: SqliteDatabase;
}

export function openSqliteStorage(options: SqliteStorageOptions): SqliteStorage {
  const db = new SqliteDatabase(options.file, {
    durable: options.durable ?? true,
    ...(options.busyTimeoutMs !== undefined ? { busyTimeoutMs: options.busyTimeoutMs } : {}),
    ...(options.observe ? { observe: options.observe } : {}),
  });
  try {
    ensureSchema(db);
  } catch (error) {
    db.close();
    throw error instanceof StorageOpenError ? error : databaseFileError(db.file, error);
  }
  const { clock } = options;
  const clientCache = new ClientCache();
  const oidcAdapter = createSqliteOidcAdapter(db, options.secretBox, clock, clientCache);
  return {
    kind: 'sqlite',
    location: db.file,
    database: db,
    accounts: createSqliteAccountStore(db),
    tokens: createSqliteTokenStore(db),
    flows: createSqliteFlowStore(db, clock),
    sessions: createSqliteSessionStore(db, clock),
    clients: createSqliteClientStore(db, options.secretBox, clientCache),
    audit: createSqliteAuditLog(db, clock),
    rateLimiter: createSqliteRateLimiter(db, options.rateLimit, clock),
    oidcAdapter,
    signingKeys: signingKeySet(oidcAdapter),
    needsSweep: true,
    sweepExpired: (now) => sweepSqlite(db, now),
    isUnavailable: isSqliteUnavailable,
    async ping() {
      // Reads the file's header page (SELECT 1 would not touch the file at all).
      db.get('PRAGMA schema_version');
    },
    exportRecords: () => exportSqlite(db.file),
    importRecords: (records) => importSqlite(db, records),
    async backupTo(file) {
      // Readable by its owner only, like the database it copies.
      closeSync(openSync(file, 'wx', 0o600));
      await backup(db.handle, file);
    },
    async close() {
      db.close();
    },
  };
}
