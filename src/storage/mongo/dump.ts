// Every record of a MongoDB database in the backend-neutral dump form, and back. Cursors stream
// the records, collection by collection (not a point-in-time snapshot: export from a stopped
// provider, or use mongodump for a live one); imports insert them in batches of a thousand per
// collection, and if one fails the error says how far it got (drop the database to start over).
import { DomainError } from '../../domain/errors.ts';
import type { Connection } from 'mongoose';
import type { SignInFlow } from '../../domain/signin/flow.ts';
import type { AuditRecord } from '../../usecases/audit.ts';
import { DumpFormatError, type CollectionName, type DumpRecord } from '../dump-format.ts';
import type { AccountDocument } from './account-model.ts';
import { fromAccount, toAccount } from './account-store.ts';
import { oidcCollectionName, type StoredDocument } from './oidc-adapter.ts';
import type { TokenDocument } from './token-model.ts';
import { fromTokenRecord, toTokenRecord } from './token-store.ts';
import { markAccountsThatHadTokens } from './migrate.ts';

const BATCH = 1_000;
const OIDC_PREFIX = 'oidc_';

type WithId<T extends { id: string }> = Omit<T, 'id'> & { _id: string };

export async function* exportMongo(connection: Connection): AsyncIterable<DumpRecord> {
  const db = connection.db!;
  for await (const doc of db.collection<AccountDocument>('accounts').find().sort({ username: 1 })) yield { collection: 'accounts', record: toAccount(doc) };
  for await (const doc of db.collection<TokenDocument>('tokens').find().sort({ createdAt: 1, _id: 1 })) yield { collection: 'tokens', record: toTokenRecord(doc) };
  for await (const { _id, ...rest } of db.collection<WithId<SignInFlow>>('signin_flows').find()) yield { collection: 'signin_flows', record: { ...rest, id: _id } };
  for await (const { _id, ...rest } of db.collection<WithId<AuditRecord>>('audit_events').find().sort({ time: 1, _id: 1 })) {
    yield { collection: 'audit_events', record: { ...rest, id: _id } };
  }
  for (const name of await oidcCollections(connection)) {
    const model = name.slice(OIDC_PREFIX.length);
    for await (const doc of db.collection<StoredDocument>(name).find()) {
      yield { collection: 'oidc', record: { model, id: doc._id, payload: doc.payload, expiresAt: doc.expiresAt ?? null } };
    }
  }
  for await (const doc of db.collection<{ key: string; points: number; expire: Date }>('rate_limits').find()) {
    yield { collection: 'rate_limits', record: { key: doc.key, points: doc.points, expiresAt: doc.expire } };
  }
}

async function oidcCollections(connection: Connection): Promise<string[]> {
  const all = await connection.db!.listCollections({}, { nameOnly: true }).toArray();
  return all.map((c) => c.name).filter((name) => name.startsWith(OIDC_PREFIX)).sort();
}

export async function importMongo(connection: Connection, records: AsyncIterable<DumpRecord>): Promise<Record<CollectionName, number>> {
  const db = connection.db!;
  let used = await db.collection('accounts').countDocuments({}, { limit: 1 });
  for (const name of await oidcCollections(connection)) used += await db.collection(name).countDocuments({}, { limit: 1 });
  if (used > 0) throw new DomainError('conflict', `the database ${db.databaseName} is not empty: import into a new database`);

  const counts: Record<CollectionName, number> = { accounts: 0, tokens: 0, signin_flows: 0, audit_events: 0, oidc: 0, rate_limits: 0 };
  const pending = new Map<string, object[]>();
  const flush = async (collection: string) => {
    const docs = pending.get(collection);
    if (docs?.length) await db.collection(collection).insertMany(docs as never[], { ordered: true });
    pending.delete(collection);
  };
  let read = 0;
  try {
    for await (const entry of records) {
      read += 1;
      const [collection, doc] = toDocument(entry);
      const docs = pending.get(collection) ?? [];
      docs.push(doc);
      pending.set(collection, docs);
      counts[entry.collection] += 1;
      if (docs.length >= BATCH) await flush(collection);
    }
    for (const collection of [...pending.keys()]) await flush(collection);
    await markAccountsThatHadTokens(connection);
  } catch (error) {
    throw new DumpFormatError(
      `the import stopped at record ${read} (${(error as Error).message}); records before it may be stored: drop the database ${db.databaseName} before importing again`,
    );
  }
  return counts;
}

function toDocument({ collection, record }: DumpRecord): [string, object] {
  switch (collection) {
    case 'accounts':
      return ['accounts', fromAccount(record)];
    case 'tokens':
      return ['tokens', fromTokenRecord(record)];
    case 'signin_flows':
    case 'audit_events': {
      const { id, ...rest } = record;
      return [collection, { _id: id, ...rest }];
    }
    case 'oidc':
      return [oidcCollectionName(record.model), { _id: record.id, payload: record.payload, ...(record.expiresAt ? { expiresAt: record.expiresAt } : {}) }];
    case 'rate_limits':
      return ['rate_limits', { key: record.key, points: record.points, expire: record.expiresAt }];
  }
}
