// Changes to stored documents between versions of Pingate, applied when the database is opened
// (by a provider or the CLI). MongoDB has no schema to alter: the `pingate_meta` collection
// records the version the documents are at (none: version 1), and each step only adds what was
// missing, so processes that open the database at once cannot undo each other's work.
import type { Connection } from 'mongoose';
import { StorageOpenError } from '../errors.ts';
import { HASHED_ID_MODELS, HASHED_ID_PREFIX } from '../oidc-payloads.ts';
import { oidcCollectionName } from './oidc-adapter.ts';

const META = 'pingate_meta';
export const DOCUMENTS_VERSION = 3;
const BATCH = 1_000;

export async function migrateDocuments(connection: Connection): Promise<void> {
  const meta = connection.db!.collection<{ _id: string; version: number }>(META);
  const version = (await meta.findOne({ _id: 'documents' }))?.version ?? 1;
  if (version === DOCUMENTS_VERSION) return;
  if (version > DOCUMENTS_VERSION) {
    throw new StorageOpenError(`the database ${connection.db!.databaseName} holds documents of version ${version}; this Pingate knows up to ${DOCUMENTS_VERSION} (upgrade Pingate)`);
  }
  // 2: the durable fact that an account had a token (domain/signin/enrolment.ts).
  if (version < 2) await markAccountsThatHadTokens(connection);
  // 3: tokens, codes and sessions are stored under a keyed hash of their id; those written
  //    before hold usable values and can no longer be found: they go.
  if (version < 3) await deleteUnhashedRecords(connection);
  await meta.updateOne({ _id: 'documents' }, { $set: { version: DOCUMENTS_VERSION } }, { upsert: true });
}

/** Marks the accounts that have (or, by the audit trail, once had) an active or disabled token.
 * Only ever sets the mark: run by the migration and after an import (a dump of version 1 does
 * not carry it). */
export async function markAccountsThatHadTokens(connection: Connection): Promise<void> {
  const db = connection.db!;
  const withTokens = await db.collection('tokens').distinct('accountId', { state: { $in: ['ACTIVE', 'DISABLED'] } });
  const audited = await db.collection('audit_events').distinct('account.id', { event: { $in: ['token.enrolled', 'token.activated'] } });
  const ids = [...new Set([...withTokens, ...audited].filter((id): id is string => typeof id === 'string'))];
  for (let i = 0; i < ids.length; i += BATCH) {
    await db.collection<{ _id: string; hadToken?: boolean }>('accounts').updateMany({ _id: { $in: ids.slice(i, i + BATCH) }, hadToken: { $ne: true } }, { $set: { hadToken: true } });
  }
}

async function deleteUnhashedRecords(connection: Connection): Promise<void> {
  const prefix = new RegExp(`^${HASHED_ID_PREFIX.replace('.', '\\.')}`);
  for (const model of HASHED_ID_MODELS) {
    await connection.db!.collection<{ _id: string }>(oidcCollectionName(model)).deleteMany({ _id: { $not: prefix } });
  }
}
