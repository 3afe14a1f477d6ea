// The MongoDB backend (MONGODB_URI): for deployments that outgrow one machine (a replica set or
// a sharded cluster). Its invariants are single-document conditional updates; expiry is left to
// TTL indexes where the server has them, and swept otherwise (FerretDB, in the tests).
import type { Connection } from 'mongoose';
import type { SecretBox } from '../../security/secret-box.ts';
import type { Clock } from '../../usecases/ports.ts';
import type { RateLimitSettings } from '../../usecases/rate-limit.ts';
import type { Storage } from '../storage.ts';
import { StorageNotSupportedError } from '../errors.ts';
import { accountModel } from './account-model.ts';
import { createAccountStore } from './account-store.ts';
import { createMongoAuditLog } from './audit-log.ts';
import { createMongoClientStore } from './client-store.ts';
import { ClientCache } from '../oidc-payloads.ts';
import { connectDatabase, isMongoUnavailable, redactUri, type CommandObserver } from './connection.ts';
import { exportMongo, importMongo } from './dump.ts';
import { createFlowStore, ensureFlowIndexes } from './flow-store.ts';
import { createOidcAdapterFactory, ensureOidcIndexes } from './oidc-adapter.ts';
import { createMongoRateLimiter } from './rate-limiter.ts';
import { sweepExpired } from './sweep.ts';
import { signingKeySet } from '../signing-key-set.ts';
import { tokenModel } from './token-model.ts';
import { createTokenStore } from './token-store.ts';
import { createMongoSessionStore } from './session-store.ts';
import { migrateDocuments } from './migrate.ts';

export interface MongoStorageOptions {
  readonly uri: string;
  readonly secretBox: SecretBox;
  readonly clock: Clock;
  readonly rateLimit: RateLimitSettings;
  readonly observe?: CommandObserver;
}

export interface MongoStorage extends Storage {
  readonly kind: 'mongodb';
  readonly connection: Connection;
}

export async function openMongoStorage(options: MongoStorageOptions): Promise<MongoStorage> {
  const connection = await connectDatabase(options.uri, options.observe);
  try {
    await accountModel(connection).createIndexes();
    await tokenModel(connection).createIndexes();
    await migrateDocuments(connection);
    const flowTtl = await ensureFlowIndexes(connection);
    const { ttl: oidcTtl } = await ensureOidcIndexes(connection);
    const { clock } = options;
    const clientCache = new ClientCache();
    const oidcAdapter = createOidcAdapterFactory(connection, options.secretBox, clock, clientCache);
    return {
      kind: 'mongodb',
      location: redactUri(options.uri),
      connection,
      accounts: createAccountStore(connection),
      tokens: createTokenStore(connection),
      flows: createFlowStore(connection, clock),
      sessions: createMongoSessionStore(connection, clock),
      clients: createMongoClientStore(connection, options.secretBox, clientCache),
      audit: await createMongoAuditLog(connection, clock),
      rateLimiter: await createMongoRateLimiter(connection, options.rateLimit),
      oidcAdapter,
      signingKeys: signingKeySet(oidcAdapter),
      needsSweep: !(flowTtl && oidcTtl),
      sweepExpired: (now) => sweepExpired(connection, now),
      isUnavailable: isMongoUnavailable,
      async ping() {
        await connection.db!.command({ ping: 1 });
      },
      exportRecords: () => exportMongo(connection),
      importRecords: (records) => importMongo(connection, records),
      async backupTo() {
        throw new StorageNotSupportedError('an online file copy is for the embedded SQLite database; for MongoDB use mongodump (or `pingate db export`)');
      },
      close: () => connection.close(),
    };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
