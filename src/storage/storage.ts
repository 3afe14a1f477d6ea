// What a storage backend gives the rest of Pingate: the stores behind the use cases' ports,
// oidc-provider's adapter, the sweep of expired records, and a dump of every
// record in one backend-neutral form (for `pingate db export` / `import`). Two backends
// implement it: SQLite (the embedded default, one file) and MongoDB (MONGODB_URI).
import type { AdapterConstructor } from 'oidc-provider';
import type { AuditLog } from '../usecases/audit.ts';
import type { AccountStore, ClientStore, FlowStore, SessionStore, TokenStore } from '../usecases/ports.ts';
import type { SignInRateLimiter } from '../usecases/rate-limit.ts';
import type { SigningKeyStore } from '../usecases/keys/signing-key-store.ts';
import type { DumpRecord } from './dump-format.ts';
import type { UnavailableCheck } from './errors.ts';

export type BackendKind = 'sqlite' | 'mongodb';

export interface Storage {
  readonly kind: BackendKind;
  /** Where the data is, for start-up lines and errors: the file, or the address without password. */
  readonly location: string;
  readonly accounts: AccountStore;
  readonly tokens: TokenStore;
  readonly flows: FlowStore;
  readonly sessions: SessionStore;
  /** Registered clients, enabled or not (the adapter shows oidc-provider the enabled ones). */
  readonly clients: ClientStore;
  readonly audit: AuditLog;
  readonly rateLimiter: SignInRateLimiter;
  /** oidc-provider's adapter (client secrets sealed, client metadata cached, disabled clients
   * not found). */
  readonly oidcAdapter: AdapterConstructor;
  /** The ID-token signing keys managed with `pingate keys` (kept through the adapter above). */
  readonly signingKeys: SigningKeyStore;
  /** false where the database removes expired records itself (MongoDB's TTL indexes). */
  readonly needsSweep: boolean;
  /** Deletes expired flows, provider artifacts and rate-limit windows; answers how many. */
  sweepExpired(now: Date): Promise<number>;
  /** Reads from the database (not a cache): resolves when it answers, throws when it cannot. */
  ping(): Promise<void>;
  /** Is this error the database being unreachable, locked or full (503), not a bug (500)? */
  readonly isUnavailable: UnavailableCheck;
  /** Every record, collection by collection, with secrets still sealed. */
  exportRecords(): AsyncIterable<DumpRecord>;
  /** Writes exported records into this (empty) database; answers the count per collection. */
  importRecords(records: AsyncIterable<DumpRecord>): Promise<Readonly<Record<string, number>>>;
  /** An online copy of the database into a new file (SQLite only; MongoDB has mongodump). */
  backupTo(file: string): Promise<void>;
  close(): Promise<void>;
}
